using System.Collections.Generic;
using Loyalty.Sdk.Ledger;
using Npgsql;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>Everything specific to PostgreSQL: SQL text, value mapping, and what error codes mean.</summary>
internal static class PostgreSqlDialect
{
    public const string SelectAccount =
        "SELECT version, last_sequence, debt, last_recorded_at, last_activity_at, next_expiry_at, counters, tier, profile FROM loyalty_accounts WHERE program_id = $1 AND member_id = $2";

    public const string SelectOpenLots =
        "SELECT id, points, remaining, created_at, available_at, expires_at, order_id FROM loyalty_lots WHERE program_id = $1 AND member_id = $2 AND remaining > 0 ORDER BY id";

    public const string SelectAllLots =
        "SELECT id, points, remaining, created_at, available_at, expires_at, order_id FROM loyalty_lots WHERE program_id = $1 AND member_id = $2 ORDER BY id";

    public const string SelectAccrual =
        "SELECT earn_sequence, lot_id, ordered_at, currency, exchange_rate, total_points, reversed_points, lines FROM loyalty_accruals WHERE program_id = $1 AND member_id = $2 AND order_id = $3";

    public const string SelectRedemption =
        "SELECT sequence, order_id, at, points, refunded_points FROM loyalty_redemptions WHERE program_id = $1 AND member_id = $2 AND key = $3";

    public const string SelectAllocations =
        "SELECT lot_id, consumed, refunded FROM loyalty_redemption_allocations WHERE program_id = $1 AND member_id = $2 AND key = $3 ORDER BY position";

    public const string SelectRedemptionLots =
        "SELECT l.id, l.points, l.remaining, l.created_at, l.available_at, l.expires_at, l.order_id FROM loyalty_lots l " +
        "WHERE l.program_id = $1 AND l.member_id = $2 AND l.id IN " +
        "(SELECT a.lot_id FROM loyalty_redemption_allocations a WHERE a.program_id = $1 AND a.member_id = $2 AND a.key = $3) ORDER BY l.id";

    public const string SelectIdempotency =
        "SELECT member_id, fingerprint, first_sequence, last_sequence, version, balance_as_of, balance_total, balance_available, balance_pending, balance_debt, recorded_at " +
        "FROM loyalty_idempotency WHERE program_id = $1 AND key = $2 AND member_id = $3";

    public const string EntryColumns =
        "sequence, kind, amount, at, recorded_at, command_key, order_id, activity_type, redemption_key, reason, movements, debt_change, written_off, tier, qualifying";

    public const string SelectEntriesBySequence =
        "SELECT " + EntryColumns + " FROM loyalty_entries WHERE program_id = $1 AND member_id = $2 AND sequence BETWEEN $3 AND $4 ORDER BY sequence";

    public const string SelectEntriesUpTo =
        "SELECT " + EntryColumns + " FROM loyalty_entries WHERE program_id = $1 AND member_id = $2 AND at <= $3 ORDER BY sequence";

    public const string SelectDueAccounts =
        "SELECT member_id, version, last_sequence, debt, last_recorded_at, last_activity_at, next_expiry_at, counters, tier, profile FROM loyalty_accounts " +
        "WHERE program_id = $1 AND next_expiry_at <= $2 AND member_id > $3 ORDER BY member_id LIMIT $4";

    public const string SelectAccountsPage =
        "SELECT member_id, version, last_sequence, debt, last_recorded_at, last_activity_at, next_expiry_at, counters, tier, profile FROM loyalty_accounts " +
        "WHERE program_id = $1 AND member_id > $2 ORDER BY member_id LIMIT $3";

    public const string SelectOpenLotsOfMembers =
        "SELECT member_id, id, points, remaining, created_at, available_at, expires_at, order_id FROM loyalty_lots " +
        "WHERE program_id = $1 AND member_id = ANY($2) AND remaining > 0 ORDER BY member_id, id";

    /// <summary>Claims a batch of due accounts; SKIP LOCKED gives concurrent workers disjoint batches without waiting.</summary>
    public const string ClaimDueAccounts =
        "UPDATE loyalty_accounts a SET expiry_claimed_until = $4 FROM (" +
        "SELECT program_id, member_id FROM loyalty_accounts WHERE program_id = $1 AND next_expiry_at <= $2 " +
        "AND (expiry_claimed_until IS NULL OR expiry_claimed_until <= $3) ORDER BY member_id LIMIT $5 FOR UPDATE SKIP LOCKED) c " +
        "WHERE a.program_id = c.program_id AND a.member_id = c.member_id " +
        "RETURNING a.member_id, a.version, a.last_sequence, a.debt, a.last_recorded_at, a.last_activity_at, a.next_expiry_at, a.counters, a.tier, a.profile";

    public const string InsertAccount =
        "INSERT INTO loyalty_accounts (program_id, member_id, version, last_sequence, debt, last_recorded_at, last_activity_at, next_expiry_at, counters, tier, profile) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $11, $12)";

    /// <summary>The conditional version update; raises <see cref="VersionConflictState"/> when it matched no row.</summary>
    public const string UpdateAccount =
        "WITH updated AS (UPDATE loyalty_accounts SET version = $3, last_sequence = $4, debt = $5, last_recorded_at = $6, last_activity_at = $7, next_expiry_at = $8, counters = $10, tier = $11, profile = $12 " +
        "WHERE program_id = $1 AND member_id = $2 AND version = $9 RETURNING 1) SELECT loyalty_expect_one_row(count(*)) FROM updated";

    public const string Begin = "BEGIN";
    public const string BeginSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    public const string CommitTransaction = "COMMIT";
    public const string VersionConflictState = "LY409";

    public const string InsertIdempotency =
        "INSERT INTO loyalty_idempotency (program_id, key, member_id, fingerprint, first_sequence, last_sequence, version, balance_as_of, balance_total, balance_available, balance_pending, balance_debt, recorded_at) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

    public const string InsertEntry =
        "INSERT INTO loyalty_entries (program_id, member_id, " + EntryColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";

    public const string UpsertLot =
        "INSERT INTO loyalty_lots (program_id, member_id, id, points, remaining, created_at, available_at, expires_at, order_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) " +
        "ON CONFLICT (program_id, member_id, id) DO UPDATE SET remaining = excluded.remaining, expires_at = excluded.expires_at";

    public const string InsertAccrual =
        "INSERT INTO loyalty_accruals (program_id, member_id, order_id, earn_sequence, lot_id, ordered_at, currency, exchange_rate, total_points, reversed_points, lines) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

    public const string UpsertAccrual =
        "INSERT INTO loyalty_accruals (program_id, member_id, order_id, earn_sequence, lot_id, ordered_at, currency, exchange_rate, total_points, reversed_points, lines) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (program_id, member_id, order_id) DO UPDATE SET reversed_points = excluded.reversed_points, lines = excluded.lines";

    public const string UpsertRedemption =
        "INSERT INTO loyalty_redemptions (program_id, member_id, key, sequence, order_id, at, points, refunded_points) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) " +
        "ON CONFLICT (program_id, member_id, key) DO UPDATE SET refunded_points = excluded.refunded_points";

    public const string UpsertAllocation =
        "INSERT INTO loyalty_redemption_allocations (program_id, member_id, key, position, lot_id, consumed, refunded) VALUES ($1, $2, $3, $4, $5, $6, $7) " +
        "ON CONFLICT (program_id, member_id, key, position) DO UPDATE SET refunded = excluded.refunded";

    public const string StockConflictState = "LY410";

    public const string ApplyStock =
        "WITH updated AS (UPDATE loyalty_reward_stock SET reserved = reserved + $3, confirmed = confirmed + $4 " +
        "WHERE program_id = $1 AND reward_id = $2 AND reserved + $3 >= 0 AND confirmed + $4 >= 0 AND reserved + $3 + confirmed + $4 <= total RETURNING 1) " +
        "SELECT loyalty_expect_stock(count(*)) FROM updated";

    public const string SelectQuota = "SELECT used FROM loyalty_reward_quota WHERE program_id = $1 AND key = $2";

    /// <summary>Takes places if the count stays within its limit; otherwise <see cref="StockConflictState"/>.</summary>
    public const string TakeQuota =
        "WITH updated AS (INSERT INTO loyalty_reward_quota AS q (program_id, key, used) SELECT $1, $2, $3 WHERE $3 <= $4 " +
        "ON CONFLICT (program_id, key) DO UPDATE SET used = q.used + $3 WHERE q.used + $3 <= $4 RETURNING 1) " +
        "SELECT loyalty_expect_stock(count(*)) FROM updated";

    /// <summary>Gives places back; <see cref="StockConflictState"/> if there were not that many taken.</summary>
    public const string ReturnQuota =
        "WITH updated AS (UPDATE loyalty_reward_quota SET used = used + $3 WHERE program_id = $1 AND key = $2 AND used + $3 >= 0 AND $4 >= 0 RETURNING 1) " +
        "SELECT loyalty_expect_stock(count(*)) FROM updated";

    public const string SelectStock = "SELECT total, reserved, confirmed FROM loyalty_reward_stock WHERE program_id = $1 AND reward_id = $2";

    public const string AddStock =
        "INSERT INTO loyalty_reward_stock AS s (program_id, reward_id, total, reserved, confirmed) VALUES ($1, $2, $3, 0, 0) " +
        "ON CONFLICT (program_id, reward_id) DO UPDATE SET total = s.total + $3 WHERE s.total + $3 - s.reserved - s.confirmed >= 0 " +
        "RETURNING total, reserved, confirmed";

    public const string RemoveStock =
        "UPDATE loyalty_reward_stock SET total = total + $3 WHERE program_id = $1 AND reward_id = $2 AND total + $3 - reserved - confirmed >= 0 " +
        "RETURNING total, reserved, confirmed";

    public const string SelectClaim = "SELECT key, body, member_id FROM loyalty_claims WHERE program_id = $1 AND member_id = $2 AND key = $3";

    public const string SelectClaimOfVoucher = "SELECT key, body, member_id FROM loyalty_claims WHERE program_id = $1 AND member_id = $2 AND voucher_code = $3";

    public const string SelectClaimByVoucher = "SELECT key, body, member_id FROM loyalty_claims WHERE program_id = $1 AND voucher_code = $2";

    public const string SelectClaims = "SELECT key, body, member_id FROM loyalty_claims WHERE program_id = $1 AND member_id = $2 ORDER BY claimed_at, key COLLATE \"C\"";

    public const string UpsertClaim =
        "INSERT INTO loyalty_claims (program_id, member_id, key, claimed_at, voucher_code, body) VALUES ($1, $2, $3, $4, $5, $6) " +
        "ON CONFLICT (program_id, member_id, key) DO UPDATE SET body = excluded.body";

    public const string InsertEvent =
        "INSERT INTO loyalty_outbox (tx, program_id, event_id, member_id, type, occurred_at, payload) " +
        "VALUES (pg_current_xact_id()::text::bigint, $1, $2, $3, $4, $5, $6)";

    /// <summary>Events after a cursor, only of transactions older than every running one (their rows can no longer appear or vanish).</summary>
    public const string SelectEvents =
        "SELECT tx, position, payload FROM loyalty_outbox WHERE program_id = $1 AND (tx, position) > ($2, $3) " +
        "AND tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint ORDER BY tx, position LIMIT $4";

    /// <summary>Retention: events every consumer with a saved cursor has passed (no cursor: none) that occurred before $2.</summary>
    public const string PruneEvents =
        "DELETE FROM loyalty_outbox WHERE program_id = $1 AND occurred_at < $2 " +
        "AND (tx, position) <= (SELECT tx, position FROM loyalty_outbox_cursors WHERE program_id = $1 ORDER BY tx, position LIMIT 1)";

    public const string SelectCursor = "SELECT tx, position FROM loyalty_outbox_cursors WHERE program_id = $1 AND consumer = $2";

    public const string UpsertCursor =
        "INSERT INTO loyalty_outbox_cursors (program_id, consumer, tx, position) VALUES ($1, $2, $3, $4) " +
        "ON CONFLICT (program_id, consumer) DO UPDATE SET tx = excluded.tx, position = excluded.position";

    public const string SelectPointsEarned =
        "SELECT member_id, LEAST(SUM(amount), 9223372036854775807)::bigint FROM loyalty_entries WHERE program_id = $1 AND kind IN (0, 2) AND at >= $2 AND at < $3 " +
        "GROUP BY member_id HAVING SUM(amount) > 0";

    public const string OutboxEventIndex = "loyalty_outbox_event";
    public const string VoucherIndex = "loyalty_claims_voucher";

    public const string UniqueViolation = "23505";
    public const string SerializationFailure = "40001";
    public const string DeadlockDetected = "40P01";
    public const string IdempotencyPrimaryKey = "loyalty_idempotency_pkey";
    public const string AccrualPrimaryKey = "loyalty_accruals_pkey";

    /// <summary>Lot movements as a flat array: lot, change, lot, change, ...</summary>
    public static long[] ToColumn(IReadOnlyList<LotMovement> movements)
    {
        var flat = new long[movements.Count * 2];
        for (var i = 0; i < movements.Count; i++)
        {
            flat[2 * i] = movements[i].LotId;
            flat[(2 * i) + 1] = movements[i].Change.Value;
        }

        return flat;
    }

    public static LotMovement[] ToMovements(long[] flat)
    {
        var movements = new LotMovement[flat.Length / 2];
        for (var i = 0; i < movements.Length; i++)
        {
            movements[i] = new LotMovement(flat[2 * i], Points.FromInt64(flat[(2 * i) + 1]));
        }

        return movements;
    }

    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? System.DBNull.Value });
        }

        return command;
    }
}
