import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { UserEntity } from './entities/user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.users.findBy({ id: In([...ids]) });
  }

  /** The only reads that include the password hash (sign-in and change password). */
  findWithPasswordHashByEmail(email: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  findWithPasswordHashById(id: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOne();
  }

  async updatePasswordHash(id: string, passwordHash: string, em: EntityManager): Promise<void> {
    await em.getRepository(UserEntity).update({ id }, { passwordHash });
  }

  listOfOrganisation(organisationId: string | null): Promise<UserEntity[]> {
    return this.users.find({
      where: organisationId ? { organisationId } : {},
      order: { displayName: 'ASC' },
    });
  }

  emailTaken(email: string, em: EntityManager): Promise<boolean> {
    return em.getRepository(UserEntity).existsBy({ email: email.toLowerCase() });
  }

  insert(values: Omit<UserEntity, 'id' | 'createdAt' | 'updatedAt'>, em: EntityManager): Promise<UserEntity> {
    const repo = em.getRepository(UserEntity);
    return repo.save(repo.create({ ...values, email: values.email.toLowerCase() }));
  }
}
