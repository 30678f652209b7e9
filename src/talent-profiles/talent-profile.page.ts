import escapeHtml from 'escape-html';
import { AssessmentSource, CareerStage, ResearchLevel } from '../core/domain/enums';
import {
  TalentProfileCompetenceModel,
  TalentProfileGapItemModel,
  TalentProfileModel,
  TalentProfileTargetRoleModel,
} from './models/talent-profile.model';

/**
 * The printable talent profile page: plain template functions from the document to HTML. The page
 * is self-contained (inline CSS and SVG, no script, no external resource) and prints on A4 in black
 * and white. Every text that comes from people (names, headline, role titles...) goes through `esc`.
 */

export interface PageOptions {
  /** Opened through a share link: says so, and until when the link works. */
  shared?: { expiresAt: Date };
}

/** Chart geometry (px): one level is UNIT wide; bars start at x = CHART_ORIGIN. */
export const CHART = {
  UNIT: 75,
  LABEL_WIDTH: 250,
  STATUS_WIDTH: 190,
  ROW_HEIGHT: 34,
  TOP: 28,
  MAX_LEVEL: 4,
} as const;
const CHART_ORIGIN = CHART.LABEL_WIDTH;
const CHART_WIDTH = CHART.LABEL_WIDTH + CHART.MAX_LEVEL * CHART.UNIT + CHART.STATUS_WIDTH;
const MAX_LABEL_CHARS = 36;

const LEVEL_NAMES = ['Foundational', 'Intermediate', 'Advanced', 'Expert'];

const CAREER_STAGES: Record<CareerStage, string> = {
  [CareerStage.BACHELOR_STUDENT]: 'Bachelor student',
  [CareerStage.MASTER_STUDENT]: 'Master student',
  [CareerStage.PHD_CANDIDATE]: 'PhD candidate',
  [CareerStage.POSTDOC]: 'Postdoc',
  [CareerStage.LECTURER]: 'Lecturer',
  [CareerStage.RESEARCHER]: 'Researcher',
  [CareerStage.INDUSTRY_SCIENTIST]: 'Industry scientist',
};

const RESEARCH_LEVELS: Record<ResearchLevel, string> = {
  [ResearchLevel.R1]: 'R1 First stage researcher',
  [ResearchLevel.R2]: 'R2 Recognised researcher',
  [ResearchLevel.R3]: 'R3 Established researcher',
  [ResearchLevel.R4]: 'R4 Leading researcher',
};

const SOURCES: Record<AssessmentSource, string> = {
  [AssessmentSource.SUPERVISOR]: 'Supervisor',
  [AssessmentSource.EVIDENCE]: 'Evidence (completed placement)',
  [AssessmentSource.SELF]: 'Self-assessment',
};

/** HTML-escapes any text for element content and quoted attribute values. */
export function esc(value: string | number | null | undefined): string {
  return escapeHtml(value === null || value === undefined ? '' : String(value));
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dateTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function levelLabel(level: number | null, name: string | null): string {
  return level === null ? 'unknown (not rated)' : `${name ?? ''} (${level})`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Requirements in chart and table order: rated ones biggest gap first, then the unknowns. */
function requirementsOf(role: TalentProfileTargetRoleModel): TalentProfileGapItemModel[] {
  return [...role.gapAnalysis.items, ...role.gapAnalysis.unknowns];
}

function statusOf(item: TalentProfileGapItemModel): string {
  const base = item.currentLevel === null ? 'unknown' : item.met ? 'met' : `gap ${item.gap ?? 0}`;
  return item.retired ? `${base} (retired, not counted)` : base;
}

// ---- the chart -----------------------------------------------------------------------------------

function chartRow(item: TalentProfileGapItemModel, index: number, patternId: string): string {
  const y = CHART.TOP + index * CHART.ROW_HEIGHT;
  const current = item.currentLevel;
  const name = `${item.essential ? '★ ' : ''}${item.competenceName}`;
  const rowTitle =
    `${item.competenceName}: current ${levelLabel(current, item.currentLevelName)}, ` +
    `required ${item.requiredLevelName} (${item.requiredLevel})` +
    `${item.essential ? ', essential' : ''}, ${statusOf(item)}`;
  const currentBar =
    current === null
      ? `<rect class="current unknown" x="${CHART_ORIGIN}" y="${y + 3}" width="${CHART.MAX_LEVEL * CHART.UNIT}" height="14" fill="url(#${patternId})" stroke="#000" stroke-dasharray="4 3"/>` +
        // A white patch under the label keeps it readable over the hatching.
        `<rect x="${CHART_ORIGIN + (CHART.MAX_LEVEL * CHART.UNIT) / 2 - 34}" y="${y + 4}" width="68" height="12" fill="#fff"/>` +
        `<text class="unknown-label" x="${CHART_ORIGIN + (CHART.MAX_LEVEL * CHART.UNIT) / 2}" y="${y + 14}" text-anchor="middle" font-style="italic" font-weight="bold">unknown</text>`
      : `<rect class="current" x="${CHART_ORIGIN}" y="${y + 3}" width="${current * CHART.UNIT}" height="14" fill="#333" data-level="${current}"/>`;
  const requiredBar = `<rect class="required" x="${CHART_ORIGIN}" y="${y + 20}" width="${item.requiredLevel * CHART.UNIT}" height="9" fill="#fff" stroke="#000" stroke-width="${item.essential ? 2.5 : 1.2}" data-level="${item.requiredLevel}"/>`;
  return (
    `<g class="requirement" data-competence="${esc(item.competenceCode)}" data-current="${current ?? 'unknown'}" data-required="${item.requiredLevel}" data-essential="${item.essential}">` +
    `<title>${esc(rowTitle)}</title>` +
    `<text x="${CHART_ORIGIN - 8}" y="${y + 19}" text-anchor="end"${item.essential ? ' font-weight="bold"' : ''}>${esc(truncate(name, MAX_LABEL_CHARS))}</text>` +
    currentBar +
    requiredBar +
    `<text class="status" x="${CHART_ORIGIN + CHART.MAX_LEVEL * CHART.UNIT + 10}" y="${y + 19}">${esc(statusOf(item))}</text>` +
    `</g>`
  );
}

/** Current (solid) against required (outlined) level per requirement, on the 0..4 scale. */
export function renderChart(role: TalentProfileTargetRoleModel): string {
  const requirements = requirementsOf(role);
  const id = `role-${role.position}`;
  const patternId = `${id}-hatch`;
  const height = CHART.TOP + Math.max(requirements.length, 1) * CHART.ROW_HEIGHT + 8;
  const trackEnd = CHART_ORIGIN + CHART.MAX_LEVEL * CHART.UNIT;
  const grid = [0, 1, 2, 3, 4]
    .map((level) => {
      const x = CHART_ORIGIN + level * CHART.UNIT;
      return (
        `<line x1="${x}" y1="${CHART.TOP - 6}" x2="${x}" y2="${height - 6}" stroke="#999" stroke-width="${level === 0 ? 1.5 : 0.7}"${level === 0 ? '' : ' stroke-dasharray="2 3"'}/>` +
        (level === 0
          ? ''
          : `<text x="${x}" y="${CHART.TOP - 10}" text-anchor="middle" font-size="9">${level} ${LEVEL_NAMES[level - 1]}</text>`)
      );
    })
    .join('');
  const desc =
    requirements.length === 0
      ? 'This role has no requirements.'
      : `For each of the ${requirements.length} required competences, a solid bar shows the current level and an outlined bar the required level, on the scale 1 Foundational to 4 Expert. ` +
        'A hatched band marked unknown means the competence has not been rated (not level 0). Essential requirements are starred. The same figures are in the table below.';
  return (
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title ${id}-desc" ` +
    `viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">` +
    `<title id="${id}-title">${esc(`${role.title}: current against required competence levels`)}</title>` +
    `<desc id="${id}-desc">${esc(desc)}</desc>` +
    `<defs><pattern id="${patternId}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
    `<line x1="0" y1="0" x2="0" y2="6" stroke="#777" stroke-width="1.5"/></pattern></defs>` +
    grid +
    `<line x1="${trackEnd}" y1="${CHART.TOP - 6}" x2="${trackEnd}" y2="${height - 6}" stroke="#999" stroke-width="0.7"/>` +
    requirements.map((item, i) => chartRow(item, i, patternId)).join('') +
    `</svg>`
  );
}

function legend(): string {
  return (
    `<p class="legend" aria-hidden="true">` +
    `<span class="swatch solid"></span> current level ` +
    `<span class="swatch outline"></span> required level ` +
    `<span class="swatch hatched"></span> unknown (not rated) ` +
    `<span>★ essential</span></p>`
  );
}

// ---- tables and figures --------------------------------------------------------------------------

function gapTable(role: TalentProfileTargetRoleModel): string {
  const rows = requirementsOf(role)
    .map(
      (item) =>
        `<tr data-competence="${esc(item.competenceCode)}"><th scope="row">${esc(item.competenceName)}</th>` +
        `<td>${esc(levelLabel(item.currentLevel, item.currentLevelName))}</td>` +
        `<td>${esc(`${item.requiredLevelName} (${item.requiredLevel})`)}</td>` +
        `<td class="num">${item.gap === null ? 'unknown' : item.gap}</td>` +
        `<td>${item.essential ? 'essential' : 'optional'}</td>` +
        `<td>${esc(statusOf(item))}</td></tr>`,
    )
    .join('');
  return (
    `<table class="gaps"><caption>Requirements of ${esc(role.title)}: biggest gap first, then the unrated ones</caption>` +
    `<thead><tr><th scope="col">Competence</th><th scope="col">Current</th><th scope="col">Required</th>` +
    `<th scope="col">Gap</th><th scope="col">Importance</th><th scope="col">Status</th></tr></thead>` +
    `<tbody>${rows || '<tr><td colspan="6">No requirements.</td></tr>'}</tbody></table>`
  );
}

function readiness(role: TalentProfileTargetRoleModel): string {
  const g = role.gapAnalysis;
  const all = requirementsOf(role);
  const counted = all.filter((i) => !i.retired);
  const met = counted.filter((i) => i.met).length;
  const unknown = counted.filter((i) => i.currentLevel === null).length;
  const retired = all.length - counted.length;
  const names = new Map(all.map((i) => [i.competenceId, i.competenceName]));
  const essential = g.essentialGaps.map((id) => esc(names.get(id) ?? id));
  return (
    `<dl class="readiness">` +
    `<dt>Requirements met</dt><dd><strong data-readiness-share="${g.readinessShare}">${percent(g.readinessShare)}</strong>: ` +
    `${met} of ${counted.length} counted requirements have a current level at or above the required level` +
    `${unknown ? `; ${plural(unknown, 'unrated requirement')} count${unknown === 1 ? 's' : ''} as not met` : ''}.</dd>` +
    `<dt>Readiness score</dt><dd><strong data-readiness-score="${g.readinessScore}">${percent(g.readinessScore)}</strong>: ` +
    `the weighted average over the counted requirements of min(current ÷ required, 1), each requirement weighted by its importance; an unrated requirement contributes 0.</dd>` +
    `<dt>Essential gaps</dt><dd>${essential.length ? essential.join(', ') : 'none'}</dd>` +
    (retired
      ? `<dt>Not counted</dt><dd>${plural(retired, 'requirement')} on a competence retired from the framework.</dd>`
      : '') +
    `</dl>`
  );
}

function roleSection(role: TalentProfileTargetRoleModel): string {
  const meta = [
    role.organisationName ?? 'Consortium-wide',
    CAREER_STAGES[role.careerStage] ?? role.careerStage,
    RESEARCH_LEVELS[role.researchLevel] ?? role.researchLevel,
    `version ${role.version}`,
  ];
  return (
    `<section class="role" data-role-id="${esc(role.roleId)}">` +
    `<h2>Target role ${role.position}: ${esc(role.title)}</h2>` +
    `<p class="meta">${meta.map(esc).join(' · ')}</p>` +
    (role.description ? `<p class="description">${esc(role.description)}</p>` : '') +
    readiness(role) +
    `<figure>${renderChart(role)}<figcaption>${legend()}</figcaption></figure>` +
    gapTable(role) +
    `</section>`
  );
}

function competenceSection(competences: TalentProfileCompetenceModel[]): string {
  if (competences.length === 0) {
    return `<section class="competences"><h2>Competences</h2><p>No competence has been assessed yet.</p></section>`;
  }
  const groups: { area: string; items: TalentProfileCompetenceModel[] }[] = [];
  for (const c of competences) {
    const last = groups[groups.length - 1];
    if (last && last.area === c.areaName) last.items.push(c);
    else groups.push({ area: c.areaName, items: [c] });
  }
  const tables = groups
    .map(
      (g) =>
        `<table class="competence-list"><caption>${esc(g.area)}</caption>` +
        `<thead><tr><th scope="col">Competence</th><th scope="col">Level</th><th scope="col">Source</th><th scope="col">Assessed</th></tr></thead><tbody>` +
        g.items
          .map(
            (c) =>
              `<tr data-competence="${esc(c.code)}"><th scope="row">${esc(c.name)}${c.retired ? ' (retired)' : ''}</th>` +
              `<td>${esc(`${c.levelName} (${c.level})`)}</td><td>${esc(SOURCES[c.source] ?? c.source)}</td>` +
              `<td>${esc(day(c.assessedAt))}</td></tr>`,
          )
          .join('') +
        `</tbody></table>`,
    )
    .join('');
  return (
    `<section class="competences"><h2>Competences</h2>` +
    `<p class="note">The effective level of each assessed competence: a supervisor’s assessment counts before evidence from a completed placement, which counts before a self-assessment; within a source the latest counts. Competences never assessed are not listed.</p>` +
    tables +
    `</section>`
  );
}

const CSS = `
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#000;background:#fff;margin:0 auto;padding:24px;max-width:960px;line-height:1.4;font-size:14px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 6px;border-bottom:2px solid #000;padding-bottom:2px}
.meta,.note,.generated{color:#333}.headline{font-size:16px;font-style:italic;margin:6px 0}
.shared{border:1px solid #000;padding:6px 10px;margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:10px 0 16px}caption{text-align:left;font-weight:bold;padding:4px 0}
th,td{border:1px solid #666;padding:3px 6px;text-align:left;vertical-align:top}thead th{background:#e6e6e6}
td.num{text-align:right}dl.readiness{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:10px 0}
dl.readiness dt{font-weight:bold}dl.readiness dd{margin:0}figure{margin:8px 0}svg.chart{max-width:100%;height:auto}
.legend{font-size:12px}.swatch{display:inline-block;width:22px;height:10px;vertical-align:middle;margin:0 2px 0 10px;border:1px solid #000}
.swatch.solid{background:#333}.swatch.outline{background:#fff;border-width:2px}
.swatch.hatched{border-style:dashed;background:repeating-linear-gradient(45deg,#fff 0 3px,#777 3px 5px)}
@page{size:A4;margin:14mm 12mm}
@media print{body{padding:0;max-width:none;font-size:10pt}.role,.competences{break-before:page;page-break-before:always}
figure,table,dl.readiness,tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}
h2{break-after:avoid;page-break-after:avoid}}
`;

/** The whole page. */
export function renderTalentProfilePage(doc: TalentProfileModel, opts: PageOptions = {}): string {
  const p = doc.person;
  const facts = [
    p.organisationName,
    p.careerStage ? (CAREER_STAGES[p.careerStage] ?? p.careerStage) : null,
    p.researchLevel ? (RESEARCH_LEVELS[p.researchLevel] ?? p.researchLevel) : null,
  ].filter((f): f is string => !!f);
  const roles =
    doc.targetRoles.length === 0
      ? `<section class="no-roles"><h2>Target roles</h2><p>No target roles chosen yet: choose up to three to see the gaps.</p></section>`
      : doc.targetRoles.map(roleSection).join('');
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer">` +
    (opts.shared ? `<meta name="robots" content="noindex, nofollow">` : '') +
    `<title>${esc(`Talent profile: ${p.displayName}`)}</title><style>${CSS}</style></head><body>` +
    `<header>` +
    (opts.shared
      ? `<p class="shared">Shared by ${esc(p.displayName)} through a personal link, valid until ${esc(day(opts.shared.expiresAt))}. Read-only; please do not pass it on.</p>`
      : '') +
    `<h1>Talent profile: ${esc(p.displayName)}</h1>` +
    `<p class="meta">${facts.map(esc).join(' · ')}</p>` +
    (p.headline ? `<p class="headline">${esc(p.headline)}</p>` : '') +
    `<p class="generated">Figures as of ${esc(dateTime(doc.generatedAt))}. Proficiency scale: 1 Foundational, 2 Intermediate, 3 Advanced, 4 Expert; an unrated competence is unknown, never 0.</p>` +
    `</header><main>` +
    roles +
    competenceSection(doc.competences) +
    `</main></body></html>`
  );
}
