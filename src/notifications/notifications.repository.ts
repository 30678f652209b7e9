import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { NotificationEntity } from './entities/notification.entity';

export type NewNotification = Pick<NotificationEntity, 'userId' | 'type' | 'message' | 'data'>;

@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
  ) {}

  listOfUser(userId: string, opts: { unreadOnly: boolean; first: number }): Promise<NotificationEntity[]> {
    return this.notifications.find({
      where: opts.unreadOnly ? { userId, readAt: IsNull() } : { userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: opts.first,
    });
  }

  countUnreadOfUser(userId: string): Promise<number> {
    return this.notifications.countBy({ userId, readAt: IsNull() });
  }

  findOfUser(userId: string, id: string): Promise<NotificationEntity | null> {
    return this.notifications.findOneBy({ id, userId });
  }

  /** Multi-row INSERTs in the caller's transaction; returns the stored rows in input order. */
  insertMany(rows: NewNotification[], em: EntityManager): Promise<NotificationEntity[]> {
    const repo = em.getRepository(NotificationEntity);
    return repo.save(
      rows.map((r) => repo.create(r)),
      { chunk: 500 },
    );
  }

  /** Marks one notification of the user read (keeps the first read time); false when it is not theirs. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const result = await this.notifications
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({ readAt: () => 'COALESCE(read_at, now())' })
      .where('id = :id AND user_id = :userId', { id, userId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.notifications
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({ readAt: () => 'now()' })
      .where('user_id = :userId AND read_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }
}
