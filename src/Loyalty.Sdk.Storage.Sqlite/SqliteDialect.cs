using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>Everything specific to SQLite: SQL text, how values map to columns, and what error codes mean.</summary>
internal static class SqliteDialect
{
    /// <summary>An account's columns after its number (the readers' ordinals start at the version).</summary>
    private const string AccountColumns = "id, version, last_sequence, debt, last_recorded_at, last_activity_at, next_expiry_at, counters, tier, profile";

    public const string SelectProgram = "SELECT id FROM programs WHERE program_id = $p";

    public const string InsertProgram = "INSERT INTO programs (program_id) VALUES ($p) ON CONFLICT (program_id) DO NOTHING";

    public const string SelectAccount = "SELECT " + AccountColumns + " FROM accounts WHERE program = $g AND member_id = $m";

    public const string SelectAccountId = "SELECT id FROM accounts WHERE program = $g AND member_id = $m";

    public const string SelectVersion = "SELECT version, id FROM accounts WHERE program = $g AND member_id = $m";

    /// <summary>The number a new account gets: read under the write lock, so no two accounts get one.</summary>
    public const string SelectNextAccountId = "SELECT COALESCE(MAX(id), 0) + 1 FROM accounts";

    private const string LotColumns = "id, points, remaining, created_at, available_at, expires_at, order_id";

    public const string SelectOpenLots = "SELECT " + LotColumns + " FROM lots WHERE account = $a AND remaining > 0 ORDER BY id";

    public const string SelectAllLots = "SELECT " + LotColumns + " FROM lots WHERE account = $a ORDER BY id";

    public const string SelectLot = "SELECT " + LotColumns + " FROM lots WHERE account = $a AND id = $id";

    public const string SelectAccrual =
        "SELECT earn_sequence, lot_id, ordered_at, currency, exchange_rate, total_points, reversed_points, lines FROM accruals WHERE account = $a AND order_id = $o";

    public const string SelectRedemption =
        "SELECT sequence, order_id, at, points, refunded_points, allocations FROM redemptions WHERE account = $a AND key = $k";

    public const string SelectIdempotency =
        "SELECT fingerprint, first_sequence, last_sequence, version, balance_as_of, balance_total, balance_available, balance_pending, balance_debt, recorded_at " +
        "FROM idempotency WHERE account = $a AND key = $k";

    private const string EntryColumns =
        "sequence, kind, amount, at, recorded_at, command_key, order_id, activity_type, redemption_key, reason, movements, debt_change, written_off, tier, qualifying";

    public const string SelectEntriesBySequence =
        "SELECT " + EntryColumns + " FROM entries WHERE account = $a AND sequence BETWEEN $from AND $to ORDER BY sequence";

    public const string SelectEntriesUpTo =
        "SELECT " + EntryColumns + " FROM entries WHERE account = $a AND +at <= $upTo ORDER BY sequence";

    public const string SelectDueAccounts =
        "SELECT member_id, " + AccountColumns + " FROM accounts WHERE program = $g AND next_expiry_at <= $due AND member_id > $after ORDER BY member_id LIMIT $limit";

    public const string SelectAccountsPage =
        "SELECT member_id, " + AccountColumns + " FROM accounts WHERE program = $g AND member_id > $after ORDER BY member_id LIMIT $limit";

    public const string SelectClaimable =
        "SELECT member_id, " + AccountColumns + " FROM accounts " +
        "WHERE program = $g AND next_expiry_at <= $due AND (expiry_claimed_until IS NULL OR expiry_claimed_until <= $now) ORDER BY member_id LIMIT $limit";

    public const string ClaimAccount = "UPDATE accounts SET expiry_claimed_until = $until WHERE id = $a";

    public const string InsertIdempotency =
        "INSERT INTO idempotency (account, key, fingerprint, first_sequence, last_sequence, version, balance_as_of, balance_total, balance_available, balance_pending, balance_debt, recorded_at) " +
        "VALUES ($a, $k, $fingerprint, $first, $last, $version, $asOf, $total, $available, $pending, $debt, $recordedAt)";

    public const string UpsertAccount =
        "INSERT INTO accounts (program, member_id, id, version, last_sequence, debt, last_recorded_at, last_activity_at, next_expiry_at, counters, tier, profile) " +
        "VALUES ($g, $m, $a, $version, $lastSequence, $debt, $lastRecordedAt, $lastActivityAt, $nextExpiryAt, $counters, $tier, $profile) " +
        "ON CONFLICT (program, member_id) DO UPDATE SET version = excluded.version, last_sequence = excluded.last_sequence, debt = excluded.debt, " +
        "last_recorded_at = excluded.last_recorded_at, last_activity_at = excluded.last_activity_at, next_expiry_at = excluded.next_expiry_at, counters = excluded.counters, tier = excluded.tier, profile = excluded.profile";

    public const string SelectClaim = "SELECT key, body FROM claims WHERE program_id = $p AND member_id = $m AND key = $k";

    public const string SelectClaimByVoucher = "SELECT key, body, member_id FROM claims WHERE program_id = $p AND voucher_code = $code";

    public const string SelectClaims = "SELECT key, body FROM claims WHERE program_id = $p AND member_id = $m ORDER BY claimed_at, key";

    public const string UpsertClaim =
        "INSERT INTO claims (program_id, member_id, key, claimed_at, voucher_code, body) VALUES ($p, $m, $k, $at, $code, $body) " +
        "ON CONFLICT (program_id, member_id, key) DO UPDATE SET body = excluded.body";

    public const string SelectStock = "SELECT total, reserved, confirmed FROM reward_stock WHERE program_id = $p AND reward_id = $r";

    public const string ApplyStock =
        "UPDATE reward_stock SET reserved = reserved + $dr, confirmed = confirmed + $dc " +
        "WHERE program_id = $p AND reward_id = $r AND reserved + $dr >= 0 AND confirmed + $dc >= 0 AND reserved + $dr + confirmed + $dc <= total";

    public const string SelectQuota = "SELECT used FROM reward_quota WHERE program_id = $p AND key = $q";

    /// <summary>Takes a place if the count stays within its limit: no row changed means the limit was reached.</summary>
    public const string TakeQuota =
        "INSERT INTO reward_quota (program_id, key, used) SELECT $p, $q, $d WHERE $d <= $limit " +
        "ON CONFLICT (program_id, key) DO UPDATE SET used = used + $d WHERE used + $d <= $limit";

    /// <summary>Gives places back; no row changed means there were not that many taken.</summary>
    public const string ReturnQuota = "UPDATE reward_quota SET used = used + $d WHERE program_id = $p AND key = $q AND used + $d >= 0";

    public const string AddStock =
        "INSERT INTO reward_stock (program_id, reward_id, total, reserved, confirmed) VALUES ($p, $r, $q, 0, 0) " +
        "ON CONFLICT (program_id, reward_id) DO UPDATE SET total = total + $q WHERE total + $q - reserved - confirmed >= 0 " +
        "RETURNING total, reserved, confirmed";

    public const string RemoveStock =
        "UPDATE reward_stock SET total = total + $q WHERE program_id = $p AND reward_id = $r AND total + $q - reserved - confirmed >= 0 " +
        "RETURNING total, reserved, confirmed";

    public const string InsertEvent =
        "INSERT INTO outbox (program, position, event_id, occurred_at, payload) " +
        "VALUES ($g, COALESCE((SELECT MAX(position) FROM outbox WHERE program = $g), 0) + 1, $e, $at, $payload)";

    /// <summary>
    /// Retention: events every consumer with a saved cursor has passed (no cursor: none), older than $before, and
    /// never the program's newest (positions are taken from it).
    /// </summary>
    public const string PruneEvents =
        "DELETE FROM outbox WHERE program = $g AND occurred_at < $before " +
        "AND position <= (SELECT MIN(position) FROM outbox_cursors WHERE program_id = $p) " +
        "AND position < (SELECT MAX(position) FROM outbox WHERE program = $g)";

    public const string SelectEvents = "SELECT position, payload FROM outbox WHERE program = $g AND position > $after ORDER BY position LIMIT $limit";

    public const string SelectCursor = "SELECT tx, position FROM outbox_cursors WHERE program_id = $p AND consumer = $c";

    public const string UpsertCursor =
        "INSERT INTO outbox_cursors (program_id, consumer, tx, position) VALUES ($p, $c, $tx, $pos) " +
        "ON CONFLICT (program_id, consumer) DO UPDATE SET tx = excluded.tx, position = excluded.position";

    /// <summary>The rows behind <see cref="SelectPointsEarned"/>, summed in 128 bits when SQLite's 64-bit SUM overflows.</summary>
    public const string SelectPointsEarnedRows =
        "SELECT account, amount FROM entries WHERE program = $g AND kind IN (0, 2) AND at >= $from AND at < $to";

    /// <summary>Each account's sum from the covering index, then each summed account's member (by <c>accounts_id</c>).</summary>
    public const string SelectPointsEarned =
        "SELECT (SELECT member_id FROM accounts WHERE id = s.account), s.total FROM " +
        "(SELECT account, SUM(amount) AS total FROM entries WHERE program = $g AND kind IN (0, 2) AND at >= $from AND at < $to GROUP BY account HAVING SUM(amount) > 0) s";

    public const string SelectMember = "SELECT member_id FROM accounts WHERE id = $a";

    public const string InsertEntry =
        "INSERT INTO entries (account, program, " + EntryColumns + ") " +
        "VALUES ($a, $g, $sequence, $kind, $amount, $at, $recordedAt, $commandKey, $orderId, $activityType, $redemptionKey, $reason, $movements, $debtChange, $writtenOff, $tier, $qualifying)";

    public const string UpsertLot =
        "INSERT INTO lots (account, id, points, remaining, created_at, available_at, expires_at, order_id) " +
        "VALUES ($a, $id, $points, $remaining, $createdAt, $availableAt, $expiresAt, $orderId) " +
        "ON CONFLICT (account, id) DO UPDATE SET remaining = excluded.remaining, expires_at = excluded.expires_at";

    public const string InsertAccrual =
        "INSERT INTO accruals (account, order_id, earn_sequence, lot_id, ordered_at, currency, exchange_rate, total_points, reversed_points, lines) " +
        "VALUES ($a, $o, $earnSequence, $lotId, $orderedAt, $currency, $rate, $total, $reversed, $lines)";

    public const string UpsertAccrual =
        "INSERT INTO accruals (account, order_id, earn_sequence, lot_id, ordered_at, currency, exchange_rate, total_points, reversed_points, lines) " +
        "VALUES ($a, $o, $earnSequence, $lotId, $orderedAt, $currency, $rate, $total, $reversed, $lines) " +
        "ON CONFLICT (account, order_id) DO UPDATE SET reversed_points = excluded.reversed_points, lines = excluded.lines";

    public const string UpsertRedemption =
        "INSERT INTO redemptions (account, key, sequence, order_id, at, points, refunded_points, allocations) " +
        "VALUES ($a, $k, $sequence, $orderId, $at, $points, $refunded, $allocations) " +
        "ON CONFLICT (account, key) DO UPDATE SET refunded_points = excluded.refunded_points, allocations = excluded.allocations";

    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    /// <summary>Whether the error is a primary-key or unique violation (an idempotency key used twice).</summary>
    public static bool IsUniqueViolation(SqliteException ex) =>
        ex.SqliteErrorCode == SqliteConstraint && ex.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique;

    /// <summary>Instants are stored as microseconds since the Unix epoch (the ledger's precision), floored.</summary>
    public static long ToColumn(Instant instant) => FloorDiv(instant.ToUnixTimeTicks(), 10);

    public static long? ToMicroseconds(Instant? instant) => instant is { } i ? ToColumn(i) : null;

    public static Instant ToInstant(long microseconds) => Instant.FromUnixTimeTicks(checked(microseconds * 10));

    public static Instant? ToNullableInstant(long? microseconds) => microseconds is { } value ? ToInstant(value) : null;

    public static string? ToNullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static string ToColumn(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal ToDecimal(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>Lot movements as compact text: <c>lot:change;lot:change</c>.</summary>
    public static string ToColumn(IReadOnlyList<LotMovement> movements)
    {
        if (movements.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder(movements.Count * 12);
        foreach (var movement in movements)
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(movement.LotId.ToString(CultureInfo.InvariantCulture)).Append(':').Append(movement.Change.Value.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static LotMovement[] ToMovements(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var parts = text.Split(';');
        var movements = new LotMovement[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var colon = parts[i].IndexOf(':', StringComparison.Ordinal);
            movements[i] = new LotMovement(
                long.Parse(parts[i].AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                Points.FromInt64(long.Parse(parts[i].AsSpan(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
        }

        return movements;
    }

    /// <summary>Sets a parameter of a prepared command, creating it on first use (no per-execution allocation).</summary>
    public static void Set(this SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }
    }

    /// <summary>Redemption allocations as compact text: <c>lot:consumed:refunded;...</c>.</summary>
    public static string ToColumn(IReadOnlyList<LotAllocation> allocations)
    {
        var text = new StringBuilder(allocations.Count * 16);
        foreach (var allocation in allocations)
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(allocation.LotId.ToString(CultureInfo.InvariantCulture)).Append(':')
                .Append(allocation.Consumed.Value.ToString(CultureInfo.InvariantCulture)).Append(':')
                .Append(allocation.Refunded.Value.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static List<LotAllocation> ToAllocations(string text)
    {
        var allocations = new List<LotAllocation>();
        if (text.Length == 0)
        {
            return allocations;
        }

        foreach (var part in text.Split(';'))
        {
            var fields = part.Split(':');
            allocations.Add(new LotAllocation(
                long.Parse(fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                Points.FromInt64(long.Parse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                Points.FromInt64(long.Parse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))));
        }

        return allocations;
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }
}
