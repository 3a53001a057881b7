using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlDialect;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>
/// Writes a batch of change sets (an import) with binary <c>COPY</c> inside one transaction, instead of one INSERT per
/// row. The rows of the batch are coalesced first, as the SQLite batch commit does: an account, a lot, an accrual or a
/// redemption that several change sets of the batch rewrite is written once, in its last state. Accounts go through a
/// temporary table, so that one set-based UPDATE checks every existing account's version (a lost race matches fewer
/// rows than it should) and one INSERT adds the new ones (an account that exists after all violates the key). Keys,
/// entries and events are new rows and are copied straight into their tables, so a key used twice or an event id held
/// already fails on its unique index exactly as the per-row path does; lots, accruals and redemptions, which a batch
/// may update, are copied into temporary tables and upserted from there. Stock, counts and claims (rare in an import)
/// use the per-row statements, in the batch's order. Any failure rolls the whole transaction back.
/// </summary>
internal static class PostgreSqlImport
{
    /// <summary>The batch size from which COPY is used; below it, the one-round-trip statement batch is faster.</summary>
    public const int MinimumRows = 16;

    private const string CreateTemporaryTables =
        "CREATE TEMP TABLE IF NOT EXISTS loyalty_import_accounts (expected bigint NOT NULL, LIKE loyalty_accounts) ON COMMIT DELETE ROWS;" +
        "CREATE TEMP TABLE IF NOT EXISTS loyalty_import_lots (LIKE loyalty_lots) ON COMMIT DELETE ROWS;" +
        "CREATE TEMP TABLE IF NOT EXISTS loyalty_import_accruals (LIKE loyalty_accruals INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;" +
        "CREATE TEMP TABLE IF NOT EXISTS loyalty_import_redemptions (LIKE loyalty_redemptions) ON COMMIT DELETE ROWS;" +
        "CREATE TEMP TABLE IF NOT EXISTS loyalty_import_allocations (LIKE loyalty_redemption_allocations) ON COMMIT DELETE ROWS";

    private const string AccountColumns =
        "program_id, member_id, version, last_sequence, debt, last_recorded_at, last_activity_at, next_expiry_at, counters, tier, profile";

    private const string UpdateAccounts =
        "UPDATE loyalty_accounts a SET version = t.version, last_sequence = t.last_sequence, debt = t.debt, last_recorded_at = t.last_recorded_at, " +
        "last_activity_at = t.last_activity_at, next_expiry_at = t.next_expiry_at, counters = t.counters, tier = t.tier, profile = t.profile " +
        "FROM loyalty_import_accounts t WHERE t.expected <> 0 AND a.program_id = t.program_id AND a.member_id = t.member_id AND a.version = t.expected";

    private const string InsertAccounts =
        "INSERT INTO loyalty_accounts (" + AccountColumns + ") SELECT " + AccountColumns + " FROM loyalty_import_accounts WHERE expected = 0";

    private const string LotColumns = "program_id, member_id, id, points, remaining, created_at, available_at, expires_at, order_id";

    private const string UpsertLots =
        "INSERT INTO loyalty_lots (" + LotColumns + ") SELECT " + LotColumns + " FROM loyalty_import_lots " +
        "ON CONFLICT (program_id, member_id, id) DO UPDATE SET remaining = excluded.remaining, expires_at = excluded.expires_at";

    private const string AccrualColumns =
        "program_id, member_id, order_id, earn_sequence, lot_id, ordered_at, currency, exchange_rate, total_points, reversed_points, lines";

    private const string UpsertAccruals =
        "INSERT INTO loyalty_accruals (" + AccrualColumns + ") SELECT " + AccrualColumns + " FROM loyalty_import_accruals " +
        "ON CONFLICT (program_id, member_id, order_id) DO UPDATE SET reversed_points = excluded.reversed_points, lines = excluded.lines";

    private const string RedemptionColumns = "program_id, member_id, key, sequence, order_id, at, points, refunded_points";

    private const string UpsertRedemptions =
        "INSERT INTO loyalty_redemptions (" + RedemptionColumns + ") SELECT " + RedemptionColumns + " FROM loyalty_import_redemptions " +
        "ON CONFLICT (program_id, member_id, key) DO UPDATE SET refunded_points = excluded.refunded_points";

    private const string AllocationColumns = "program_id, member_id, key, position, lot_id, consumed, refunded";

    private const string UpsertAllocations =
        "INSERT INTO loyalty_redemption_allocations (" + AllocationColumns + ") SELECT " + AllocationColumns + " FROM loyalty_import_allocations " +
        "ON CONFLICT (program_id, member_id, key, position) DO UPDATE SET refunded = excluded.refunded";

    /// <summary>
    /// Writes the batch on an open connection with no transaction; returns the commit status. A PostgreSQL error
    /// (a key used twice, an account that changed) propagates to the caller, which rolls back and maps it.
    /// </summary>
    public static async Task<CommitStatus> WriteAsync(NpgsqlConnection connection, IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken)
    {
        var rows = ImportRows.Coalesce(changes);
        if (rows.Conflict)
        {
            return CommitStatus.VersionConflict;
        }

        await ExecuteAsync(connection, "BEGIN;" + CreateTemporaryTables, cancellationToken).ConfigureAwait(false);

        await CopyAsync(connection, "loyalty_import_accounts (expected, " + AccountColumns + ")", rows.Accounts, static async (w, a, ct) =>
        {
            var s = a.State;
            await w.WriteAsync(a.Expected, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await Text(w, s.ProgramId.Value, ct).ConfigureAwait(false);
            await Text(w, s.MemberId.Value, ct).ConfigureAwait(false);
            await w.WriteAsync(s.Version, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(s.LastSequence, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(s.Debt.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await Instant(w, s.LastRecordedAt, ct).ConfigureAwait(false);
            await Instant(w, s.LastActivityAt, ct).ConfigureAwait(false);
            await Instant(w, s.NextDueAt, ct).ConfigureAwait(false);
            await Text(w, LedgerStorageFormat.WriteCounters(s.Counters), ct).ConfigureAwait(false);
            await Text(w, LedgerStorageFormat.WriteTier(s.Tier), ct).ConfigureAwait(false);
            await Text(w, LedgerStorageFormat.WriteProfile(s.Profile), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        // Every existing account must match its expected version; the new ones must not exist.
        if (await ExecuteAsync(connection, UpdateAccounts, cancellationToken).ConfigureAwait(false) != rows.ExistingAccounts)
        {
            return CommitStatus.VersionConflict;
        }

        await ExecuteAsync(connection, InsertAccounts, cancellationToken).ConfigureAwait(false);
        if (rows.Shared.Count > 0)
        {
            var batch = new NpgsqlBatch(connection);
            await using var batchScope = batch.ConfigureAwait(false);
            foreach (var change in rows.Shared)
            {
                PostgreSqlCommits.AddShared(batch, change);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CopyAsync(connection, "loyalty_idempotency (program_id, key, member_id, fingerprint, first_sequence, last_sequence, version, balance_as_of, balance_total, balance_available, balance_pending, balance_debt, recorded_at)", rows.Keys, static async (w, r, ct) =>
        {
            var fingerprint = new byte[16];
            BinaryPrimitives.WriteUInt128LittleEndian(fingerprint, r.Fingerprint);
            await Text(w, r.ProgramId.Value, ct).ConfigureAwait(false);
            await Text(w, r.Key.Value, ct).ConfigureAwait(false);
            await Text(w, r.MemberId.Value, ct).ConfigureAwait(false);
            await w.WriteAsync(fingerprint, NpgsqlDbType.Bytea, ct).ConfigureAwait(false);
            await w.WriteAsync(r.FirstSequence, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(r.LastSequence, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(r.Version, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(r.Balance.AsOf, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await w.WriteAsync(r.Balance.Total.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(r.Balance.Available.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(r.Balance.Pending.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(r.Balance.Debt.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(r.RecordedAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await CopyAsync(connection, "loyalty_entries (program_id, member_id, " + EntryColumns + ")", rows.Entries, static async (w, e, ct) =>
        {
            await Text(w, e.ProgramId.Value, ct).ConfigureAwait(false);
            await Text(w, e.MemberId.Value, ct).ConfigureAwait(false);
            await w.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync((short)e.Kind, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
            await w.WriteAsync(e.Amount.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(e.At, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await w.WriteAsync(e.RecordedAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await Text(w, e.CommandKey.Value, ct).ConfigureAwait(false);
            await Text(w, e.OrderId, ct).ConfigureAwait(false);
            await Text(w, e.ActivityType, ct).ConfigureAwait(false);
            await Text(w, e.RedemptionKey?.Value, ct).ConfigureAwait(false);
            await Text(w, e.Reason, ct).ConfigureAwait(false);
            await w.WriteAsync(PostgreSqlDialect.ToColumn(e.Movements), NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(e.DebtChange.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await w.WriteAsync(e.WrittenOff.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await Text(w, e.Tier, ct).ConfigureAwait(false);
            await Text(w, e.Qualifying is { } q ? LedgerStorageFormat.WriteQualifying(q) : null, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        if (rows.Lots.Count > 0)
        {
            await CopyAsync(connection, "loyalty_import_lots (" + LotColumns + ")", rows.Lots, static async (w, l, ct) =>
            {
                await Text(w, l.ProgramId.Value, ct).ConfigureAwait(false);
                await Text(w, l.MemberId.Value, ct).ConfigureAwait(false);
                await w.WriteAsync(l.Id, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await w.WriteAsync(l.Points.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await w.WriteAsync(l.Remaining.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await w.WriteAsync(l.CreatedAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await w.WriteAsync(l.AvailableAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await Instant(w, l.ExpiresAt, ct).ConfigureAwait(false);
                await Text(w, l.OrderId, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, UpsertLots, cancellationToken).ConfigureAwait(false);
        }

        if (rows.Accruals.Count > 0)
        {
            await CopyAsync(connection, "loyalty_import_accruals (" + AccrualColumns + ")", rows.Accruals, static async (w, a, ct) =>
            {
                await Text(w, a.ProgramId.Value, ct).ConfigureAwait(false);
                await Text(w, a.MemberId.Value, ct).ConfigureAwait(false);
                await Text(w, a.OrderId, ct).ConfigureAwait(false);
                await w.WriteAsync(a.EarnSequence, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                if (a.LotId is { } lot)
                {
                    await w.WriteAsync(lot, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                }
                else
                {
                    await w.WriteNullAsync(ct).ConfigureAwait(false);
                }

                await w.WriteAsync(a.OrderedAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await Text(w, a.Currency.Code, ct).ConfigureAwait(false);
                await w.WriteAsync(a.ExchangeRate, NpgsqlDbType.Numeric, ct).ConfigureAwait(false);
                await w.WriteAsync(a.TotalPoints.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await w.WriteAsync(a.ReversedPoints.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await Text(w, LedgerStorageFormat.WriteAccrualLines(a.Lines), ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, UpsertAccruals, cancellationToken).ConfigureAwait(false);
        }

        if (rows.Redemptions.Count > 0)
        {
            await CopyAsync(connection, "loyalty_import_redemptions (" + RedemptionColumns + ")", rows.Redemptions, static async (w, r, ct) =>
            {
                await Text(w, r.ProgramId.Value, ct).ConfigureAwait(false);
                await Text(w, r.MemberId.Value, ct).ConfigureAwait(false);
                await Text(w, r.Key.Value, ct).ConfigureAwait(false);
                await w.WriteAsync(r.Sequence, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await Text(w, r.OrderId, ct).ConfigureAwait(false);
                await w.WriteAsync(r.At, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await w.WriteAsync(r.Points.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await w.WriteAsync(r.RefundedPoints.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, UpsertRedemptions, cancellationToken).ConfigureAwait(false);
            await CopyAsync(connection, "loyalty_import_allocations (" + AllocationColumns + ")", ImportRows.Allocations(rows.Redemptions), static async (w, a, ct) =>
            {
                await Text(w, a.Redemption.ProgramId.Value, ct).ConfigureAwait(false);
                await Text(w, a.Redemption.MemberId.Value, ct).ConfigureAwait(false);
                await Text(w, a.Redemption.Key.Value, ct).ConfigureAwait(false);
                await w.WriteAsync(a.Position, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                var allocation = a.Redemption.Allocations[a.Position];
                await w.WriteAsync(allocation.LotId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await w.WriteAsync(allocation.Consumed.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await w.WriteAsync(allocation.Refunded.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, UpsertAllocations, cancellationToken).ConfigureAwait(false);
        }

        if (rows.Events.Count > 0)
        {
            // Every event of the transaction carries its id, as the per-row INSERT computes it.
            var tx = await ScalarAsync(connection, "SELECT pg_current_xact_id()::text::bigint", cancellationToken).ConfigureAwait(false);
            await CopyAsync(connection, "loyalty_outbox (tx, program_id, event_id, member_id, type, occurred_at, payload)", rows.Events, async (w, e, ct) =>
            {
                await w.WriteAsync(tx, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await Text(w, e.ProgramId.Value, ct).ConfigureAwait(false);
                await Text(w, e.Event.EventId, ct).ConfigureAwait(false);
                await Text(w, e.MemberId.Value, ct).ConfigureAwait(false);
                await Text(w, e.Event.Type, ct).ConfigureAwait(false);
                await w.WriteAsync(e.Event.OccurredAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await Text(w, LedgerStorageFormat.WriteEvent(e.Event), ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, CommitTransaction, cancellationToken).ConfigureAwait(false);
        return CommitStatus.Committed;
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string target, IReadOnlyList<T> rows, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await write(importer, row, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task Text(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task Instant(NpgsqlBinaryImporter writer, NodaTime.Instant? value, CancellationToken cancellationToken) =>
        value is { } instant ? writer.WriteAsync(instant, NpgsqlDbType.TimestampTz, cancellationToken) : writer.WriteNullAsync(cancellationToken);

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }
}
