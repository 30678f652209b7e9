import { Foundation1795624859575 } from './1795624859575-Foundation';
import { ProfilesOpportunitiesApplications1795625200096 } from './1795625200096-ProfilesOpportunitiesApplications';
import { AllocationRounds1795631000000 } from './1795631000000-AllocationRounds';
import { OpportunityBrowseIndexes1795632000000 } from './1795632000000-OpportunityBrowseIndexes';
import { Recommendations1795630000000 } from './1795630000000-Recommendations';
import { RoleProfiles1795640000000 } from './1795640000000-RoleProfiles';
import { TalentProfileShares1795650000000 } from './1795650000000-TalentProfileShares';
import { PersonalDataReads1795660000000 } from './1795660000000-PersonalDataReads';
import { LiveEventPayloads1795670000000 } from './1795670000000-LiveEventPayloads';
import { AssessmentReachIndex1795680000000 } from './1795680000000-AssessmentReachIndex';
import { RateLimits1795700000000 } from './1795700000000-RateLimits';
import { RoundRunAttempts1795700100000 } from './1795700100000-RoundRunAttempts';
import { AuthSessions1795720000000 } from './1795720000000-AuthSessions';
import { UserChangeNotifications1795730000000 } from './1795730000000-UserChangeNotifications';
import { OutboxEvents1795800000000 } from './1795800000000-OutboxEvents';
import { PrivacyRegisterConsents1795830000000 } from './1795830000000-PrivacyRegisterConsents';
import { ProcessingRestrictions1795830100000 } from './1795830100000-ProcessingRestrictions';
import { DataSubjectRequests1795840000000 } from './1795840000000-DataSubjectRequests';
import { PersonErasure1795841000000 } from './1795841000000-PersonErasure';
import { RetentionRules1795842000000 } from './1795842000000-RetentionRules';
import { ListAndSearchIndexes1795860000000 } from './1795860000000-ListAndSearchIndexes';
import { EligibilityOverrides1795901000000 } from './1795901000000-EligibilityOverrides';
import { RoundRunOverriddenPairs1795902000000 } from './1795902000000-RoundRunOverriddenPairs';
import { NotificationKeysetIndex1795905000000 } from './1795905000000-NotificationKeysetIndex';
import { Contests1795906000000 } from './1795906000000-Contests';
import { DataCorrections1795906100000 } from './1795906100000-DataCorrections';
import { InactiveAccounts1795906200000 } from './1795906200000-InactiveAccounts';
import { CandidatePoolLevels1795915000000 } from './1795915000000-CandidatePoolLevels';
import { CandidatePoolTotalLevel1795915100000 } from './1795915100000-CandidatePoolTotalLevel';
import { CandidatePoolExactReach1795917000000 } from './1795917000000-CandidatePoolExactReach';
import { RoundRunInputStorage1795918000000 } from './1795918000000-RoundRunInputStorage';
import { LiveEventPayloadTopics1795919000000 } from './1795919000000-LiveEventPayloadTopics';
import { CandidatePoolChanges1795922000000 } from './1795922000000-CandidatePoolChanges';
import { CandidatePoolLockOrder1795922100000 } from './1795922100000-CandidatePoolLockOrder';
import { ApplicationsHotRejections1795930000000 } from './1795930000000-ApplicationsHotRejections';
import { OpportunitySnapshotChanges1795924000000 } from './1795924000000-OpportunitySnapshotChanges';
import { RoundRunCandidatesCascade1795931000000 } from './1795931000000-RoundRunCandidatesCascade';
import { OpportunitySnapshotChangeTimes1795934000000 } from './1795934000000-OpportunitySnapshotChangeTimes';
import { OpenOfferDeadline1795935000000 } from './1795935000000-OpenOfferDeadline';
import { ApplicationTransitionsCascade1795940000000 } from './1795940000000-ApplicationTransitionsCascade';
import { LiveEventTextCompression1795941000000 } from './1795941000000-LiveEventTextCompression';
import { NotificationsUserCheck1795945000000 } from './1795945000000-NotificationsUserCheck';
import { RoundRunJsonLz41795945100000 } from './1795945100000-RoundRunJsonLz4';
import { OutboxPayloadLz41795945200000 } from './1795945200000-OutboxPayloadLz4';
import { RoundRunCandidatesByRun1795945300000 } from './1795945300000-RoundRunCandidatesByRun';
import { NotificationTimeOrderedIds1795945400000 } from './1795945400000-NotificationTimeOrderedIds';
import { OpportunityPageChangeNotifications1795960000000 } from './1795960000000-OpportunityPageChangeNotifications';
import { OpportunityPageChangeNotificationsDropped1795961000000 } from './1795961000000-OpportunityPageChangeNotificationsDropped';
import { OpportunityAnswersChangeNotifications1795970000000 } from './1795970000000-OpportunityAnswersChangeNotifications';
import { ApplicationTransitionGroups1795971000000 } from './1795971000000-ApplicationTransitionGroups';
import { RoundRunInputTexts1795972000000 } from './1795972000000-RoundRunInputTexts';
import { ApplicationClosures1795980000000 } from './1795980000000-ApplicationClosures';
import { ApplicationOpenOffers1795990000000 } from './1795990000000-ApplicationOpenOffers';
import { RoundRunInputListsApart1796010000000 } from './1796010000000-RoundRunInputListsApart';
import { NotificationJobs1796020000000 } from './1796020000000-NotificationJobs';
import { OutboxHeldEvents1796000000000 } from './1796000000000-OutboxHeldEvents';

/** Every migration, in order. Add a generated migration here when it lands; never edit a landed one. */
export const MIGRATIONS = [
  Foundation1795624859575,
  ProfilesOpportunitiesApplications1795625200096,
  Recommendations1795630000000,
  AllocationRounds1795631000000,
  OpportunityBrowseIndexes1795632000000,
  RoleProfiles1795640000000,
  TalentProfileShares1795650000000,
  PersonalDataReads1795660000000,
  LiveEventPayloads1795670000000,
  AssessmentReachIndex1795680000000,
  RateLimits1795700000000,
  RoundRunAttempts1795700100000,
  AuthSessions1795720000000,
  UserChangeNotifications1795730000000,
  OutboxEvents1795800000000,
  PrivacyRegisterConsents1795830000000,
  ProcessingRestrictions1795830100000,
  DataSubjectRequests1795840000000,
  PersonErasure1795841000000,
  RetentionRules1795842000000,
  ListAndSearchIndexes1795860000000,
  EligibilityOverrides1795901000000,
  RoundRunOverriddenPairs1795902000000,
  NotificationKeysetIndex1795905000000,
  Contests1795906000000,
  DataCorrections1795906100000,
  InactiveAccounts1795906200000,
  CandidatePoolLevels1795915000000,
  CandidatePoolTotalLevel1795915100000,
  CandidatePoolExactReach1795917000000,
  RoundRunInputStorage1795918000000,
  LiveEventPayloadTopics1795919000000,
  CandidatePoolChanges1795922000000,
  CandidatePoolLockOrder1795922100000,
  OpportunitySnapshotChanges1795924000000,
  ApplicationsHotRejections1795930000000,
  RoundRunCandidatesCascade1795931000000,
  OpportunitySnapshotChangeTimes1795934000000,
  OpenOfferDeadline1795935000000,
  ApplicationTransitionsCascade1795940000000,
  LiveEventTextCompression1795941000000,
  NotificationsUserCheck1795945000000,
  RoundRunJsonLz41795945100000,
  OutboxPayloadLz41795945200000,
  RoundRunCandidatesByRun1795945300000,
  NotificationTimeOrderedIds1795945400000,
  OpportunityPageChangeNotifications1795960000000,
  OpportunityPageChangeNotificationsDropped1795961000000,
  OpportunityAnswersChangeNotifications1795970000000,
  ApplicationTransitionGroups1795971000000,
  RoundRunInputTexts1795972000000,
  ApplicationClosures1795980000000,
  ApplicationOpenOffers1795990000000,
  OutboxHeldEvents1796000000000,
  RoundRunInputListsApart1796010000000,
  NotificationJobs1796020000000,
];
