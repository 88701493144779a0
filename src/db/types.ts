// Table types for Kysely. Each module owns its tables (see the module READMEs);
// this file only describes their shapes.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;

export const STAFF_ROLES = ['membership', 'finance', 'advisor', 'programs', 'communications', 'ethics', 'partnerships', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Roles held by a person regardless of organization: individual member and staff roles. */
export const GLOBAL_ROLES = ['member', ...STAFF_ROLES] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
export const ORG_ROLES = ['contact', 'admin'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const ENTITY_TYPES = ['city', 'county', 'town', 'region', 'tribal_nation'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface AssociationTable {
  id: ColumnType<number, number, never>;
  name: string;
  short_name: string;
  contact_email: string;
  phone: string;
  address: string;
  website: string;
  founded_year: number;
  membership_year_start_month: number;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_counter: number | null;
  password_changed_at: Timestamp;
  created_at: Generated<Date>;
  disabled_at: Date | null;
}

export interface UserRolesTable {
  user_id: string;
  role: GlobalRole;
  granted_at: Generated<Date>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  mfa_pending: boolean;
  user_agent: string | null;
}

export interface AuthTokensTable {
  token_hash: string;
  user_id: string;
  purpose: 'password_reset' | 'magic_link';
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Date | null;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  entity_type: EntityType;
  state: string;
  population: number | null;
  status: 'prospect' | 'pending' | 'active' | 'lapsed' | 'ended';
  created_at: Generated<Date>;
}

export interface OrganizationContactsTable {
  organization_id: string;
  user_id: string;
  role: OrgRole;
  created_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  request_id: string | null;
}

export interface OutboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string;
  template: string;
  status: 'queued' | 'sent' | 'kept' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
}

export interface DB {
  association: AssociationTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  recovery_codes: RecoveryCodesTable;
  organizations: OrganizationsTable;
  organization_contacts: OrganizationContactsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  // dues module tables (0002_dues)
  // join and places module tables (0003_join_pages)
  // applications and organizations tables (0004_applications)
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Association = Selectable<AssociationTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type AuditEntry = Selectable<AuditLogTable>;
