using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using static Loyalty.Sdk.Storage.Sqlite.SqliteDialect;
using static Loyalty.Sdk.Storage.Sqlite.SqliteRows;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>
/// Writes one row of a change set inside the caller's write transaction. The rows every command writes go through
/// <see cref="SqliteStatement"/> (bound by ordinal, in the order each SQL text names its parameters); the rare shared
/// parts (stock, counts, vouchers) through Microsoft.Data.Sqlite.
/// </summary>
internal static class SqliteRowWriters
{
    private static readonly string[] AccountParameters = ["$g", "$m", "$a", "$version", "$lastSequence", "$debt", "$lastRecordedAt", "$lastActivityAt", "$nextExpiryAt", "$counters", "$tier", "$profile"];
    private static readonly string[] KeyParameters = ["$a", "$k", "$fingerprint", "$first", "$last", "$version", "$asOf", "$total", "$available", "$pending", "$debt", "$recordedAt"];
    private static readonly string[] EntryParameters = ["$a", "$g", "$sequence", "$kind", "$amount", "$at", "$recordedAt", "$commandKey", "$orderId", "$activityType", "$redemptionKey", "$reason", "$movements", "$debtChange", "$writtenOff", "$tier", "$qualifying"];
    private static readonly string[] LotParameters = ["$a", "$id", "$points", "$remaining", "$createdAt", "$availableAt", "$expiresAt", "$orderId"];
    private static readonly string[] AccrualParameters = ["$a", "$o", "$earnSequence", "$lotId", "$orderedAt", "$currency", "$rate", "$total", "$reversed", "$lines"];
    private static readonly string[] RedemptionParameters = ["$a", "$k", "$sequence", "$orderId", "$at", "$points", "$refunded", "$allocations"];
    private static readonly string[] EventParameters = ["$g", "$e", "$at", "$payload"];
    private static readonly string[] VersionParameters = ["$g", "$m"];

    /// <summary>The account's version and number; version 0 and number 0 when the member has no account yet.</summary>
    internal static (long Version, long Account) ReadVersion(SqliteSession session, long program, MemberId memberId)
    {
        var select = session.Statement(SelectVersion, VersionParameters).Bind(1, program).Bind(2, memberId.Value);
        if (!select.Read())
        {
            return (0L, 0L);
        }

        var found = (select.Int64(0), select.Int64(1));
        select.Reset();
        return found;
    }

    /// <summary>The number the next new account gets (read inside the write transaction).</summary>
    internal static long NextAccountNumber(SqliteSession session)
    {
        var select = session.Statement(SelectNextAccountId, []);
        select.Read();
        var next = select.Int64(0);
        select.Reset();
        return next;
    }

    internal static void WriteAccount(SqliteSession session, long program, long account, AccountState state) =>
        session.Statement(UpsertAccount, AccountParameters)
            .Bind(1, program)
            .Bind(2, state.MemberId.Value)
            .Bind(3, account)
            .Bind(4, state.Version)
            .Bind(5, state.LastSequence)
            .Bind(6, state.Debt.Value)
            .Bind(7, ToMicroseconds(state.LastRecordedAt))
            .Bind(8, ToMicroseconds(state.LastActivityAt))
            .Bind(9, ToMicroseconds(state.NextDueAt))
            .Bind(10, LedgerStorageFormat.WriteCounters(state.Counters))
            .Bind(11, LedgerStorageFormat.WriteTier(state.Tier))
            .Bind(12, LedgerStorageFormat.WriteProfile(state.Profile))
            .Execute();

    /// <summary>Inserts an idempotency record; false when the member already used the key.</summary>
    internal static bool TryWriteKey(SqliteSession session, long account, IdempotencyRecord record) =>
        TryExecute(SqliteMultiRow.One(session, InsertIdempotency, KeyParameters, (account, record), BindKey));

    /// <summary>
    /// Inserts idempotency records, <see cref="SqliteMultiRow.Rows"/> to a statement; false when a member already
    /// used one of the keys (the caller rolls the transaction back).
    /// </summary>
    internal static bool TryWriteKeys(SqliteSession session, List<(long Account, IdempotencyRecord Record)> keys)
    {
        try
        {
            SqliteMultiRow.Write(session, InsertIdempotency, KeyParameters, keys, BindKey);
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }

        return true;
    }

    private static void BindKey(SqliteStatement statement, int o, (long Account, IdempotencyRecord Record) row)
    {
        var (account, record) = row;
        Span<byte> fingerprint = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(fingerprint, record.Fingerprint);
        statement
            .Bind(o + 1, account)
            .Bind(o + 2, record.Key.Value)
            .Bind(o + 3, fingerprint)
            .Bind(o + 4, record.FirstSequence)
            .Bind(o + 5, record.LastSequence)
            .Bind(o + 6, record.Version)
            .Bind(o + 7, UnlessEqual(record.Balance.AsOf, record.RecordedAt))
            .Bind(o + 8, record.Balance.Total.Value)
            .Bind(o + 9, record.Balance.Available.Value)
            .Bind(o + 10, record.Balance.Pending.Value)
            .Bind(o + 11, record.Balance.Debt.Value)
            .Bind(o + 12, ToColumn(record.RecordedAt));
    }

    /// <summary>Applies the parts other members share (stock, a program-wide count, a voucher code), each conditionally.</summary>
    internal static CommitStatus WriteShared(SqliteSession session, SqliteTransaction transaction, LedgerChangeSet changes)
    {
        var p = changes.NewState.ProgramId;
        var m = changes.NewState.MemberId;
        if (changes.Stock is { } stock)
        {
            var apply = session.Command(ApplyStock);
            apply.Transaction = transaction;
            apply.Set("$p", p.Value);
            apply.Set("$r", stock.RewardId);
            apply.Set("$dr", stock.Reserved);
            apply.Set("$dc", stock.Confirmed);
            if (apply.ExecuteNonQuery() != 1)
            {
                return CommitStatus.StockConflict;
            }
        }

        if (changes.Quota is { } quotaChange)
        {
            var apply = session.Command(quotaChange.Delta > 0 ? TakeQuota : ReturnQuota);
            apply.Transaction = transaction;
            apply.Set("$p", p.Value);
            apply.Set("$q", quotaChange.Key);
            apply.Set("$d", quotaChange.Delta);
            if (quotaChange.Delta > 0)
            {
                apply.Set("$limit", quotaChange.Limit);
            }

            if (apply.ExecuteNonQuery() != 1)
            {
                return CommitStatus.StockConflict;
            }
        }

        if (changes.Claim is { } claim)
        {
            var upsert = Command(session, transaction, UpsertClaim, p, m);
            upsert.Set("$k", claim.Key.Value);
            upsert.Set("$at", ToColumn(claim.ClaimedAt));
            upsert.Set("$code", claim.VoucherCode);
            upsert.Set("$body", LedgerStorageFormat.WriteClaim(claim));
            try
            {
                upsert.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (IsUniqueViolation(ex))
            {
                return CommitStatus.DuplicateKey; // a voucher code collision: re-decided with a new code
            }
        }

        return CommitStatus.Committed;
    }

    internal static void WriteEntry(SqliteSession session, long program, long account, LedgerEntry entry) =>
        SqliteMultiRow.One(session, InsertEntry, EntryParameters, (program, account, entry), BindEntry).Execute();

    /// <summary>Writes a batch's entries, <see cref="SqliteMultiRow.Rows"/> to a statement.</summary>
    internal static void WriteEntries(SqliteSession session, List<(long Program, long Account, LedgerEntry Entry)> entries) =>
        SqliteMultiRow.Write(session, InsertEntry, EntryParameters, entries, BindEntry);

    private static void BindEntry(SqliteStatement statement, int o, (long Program, long Account, LedgerEntry Entry) row)
    {
        var (program, account, entry) = row;
        statement
            .Bind(o + 1, account)
            .Bind(o + 2, program)
            .Bind(o + 3, entry.Sequence)
            .Bind(o + 4, (long)entry.Kind)
            .Bind(o + 5, entry.Amount.Value)
            .Bind(o + 6, ToColumn(entry.At))
            .Bind(o + 7, UnlessEqual(entry.RecordedAt, entry.At))
            .Bind(o + 8, entry.CommandKey.Value)
            .Bind(o + 9, entry.OrderId)
            .Bind(o + 10, entry.ActivityType)
            .Bind(o + 11, entry.RedemptionKey?.Value)
            .Bind(o + 12, entry.Reason)
            .Bind(o + 13, ToColumn(entry.Movements))
            .Bind(o + 14, entry.DebtChange.Value)
            .Bind(o + 15, entry.WrittenOff.Value)
            .Bind(o + 16, entry.Tier)
            .Bind(o + 17, entry.Qualifying is { } q ? LedgerStorageFormat.WriteQualifying(q) : null);
    }

    internal static void WriteLot(SqliteSession session, long account, Lot lot) =>
        SqliteMultiRow.One(session, UpsertLot, LotParameters, (account, lot), BindLot).Execute();

    /// <summary>Writes a batch's lots, <see cref="SqliteMultiRow.Rows"/> to a statement (each lot once: an upsert).</summary>
    internal static void WriteLots(SqliteSession session, List<(long Account, Lot Lot)> lots) =>
        SqliteMultiRow.Write(session, UpsertLot, LotParameters, lots, BindLot);

    private static void BindLot(SqliteStatement statement, int o, (long Account, Lot Lot) row)
    {
        var (account, lot) = row;
        statement
            .Bind(o + 1, account)
            .Bind(o + 2, lot.Id)
            .Bind(o + 3, lot.Points.Value)
            .Bind(o + 4, lot.Remaining.Value)
            .Bind(o + 5, ToColumn(lot.CreatedAt))
            .Bind(o + 6, UnlessEqual(lot.AvailableAt, lot.CreatedAt))
            .Bind(o + 7, ToMicroseconds(lot.ExpiresAt))
            .Bind(o + 8, lot.OrderId);
    }

    internal static void WriteEvent(SqliteSession session, long program, ProgramId programId, LoyaltyEvent e)
    {
        var insert = session.Statement(InsertEvent, EventParameters)
            .Bind(1, program)
            .Bind(2, e.EventId)
            .Bind(3, ToColumn(e.OccurredAt))
            .Bind(4, LedgerStorageFormat.WriteEvent(e));
        try
        {
            insert.Execute();
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex))
        {
            throw new LedgerStoreException(LedgerStoreFailure.Constraint, false, $"Event '{e.EventId}' is already in the outbox of program '{programId}'; nothing was written.", ex);
        }
    }

    internal static void WriteAccrual(SqliteSession session, long account, OrderAccrual accrual) =>
        SqliteMultiRow.One(session, UpsertAccrual, AccrualParameters, (account, accrual), BindAccrual).Execute();

    /// <summary>Inserts a new accrual; false, with nothing written, when the order already has one.</summary>
    internal static bool TryInsertAccrual(SqliteSession session, long account, OrderAccrual accrual) =>
        TryExecute(SqliteMultiRow.One(session, InsertAccrual, AccrualParameters, (account, accrual), BindAccrual));


    /// <summary>Writes a batch's accruals, <see cref="SqliteMultiRow.Rows"/> to a statement (each once: an upsert).</summary>
    internal static void WriteAccruals(SqliteSession session, List<(long Account, OrderAccrual Accrual)> accruals) =>
        SqliteMultiRow.Write(session, UpsertAccrual, AccrualParameters, accruals, BindAccrual);

    private static void BindAccrual(SqliteStatement statement, int o, (long Account, OrderAccrual Accrual) row)
    {
        var (account, accrual) = row;
        statement
            .Bind(o + 1, account)
            .Bind(o + 2, accrual.OrderId)
            .Bind(o + 3, accrual.EarnSequence)
            .Bind(o + 4, accrual.LotId)
            .Bind(o + 5, ToColumn(accrual.OrderedAt))
            .Bind(o + 6, accrual.Currency.Code)
            .Bind(o + 7, ToColumn(accrual.ExchangeRate))
            .Bind(o + 8, accrual.TotalPoints.Value)
            .Bind(o + 9, accrual.ReversedPoints.Value)
            .Bind(o + 10, LedgerStorageFormat.WriteAccrualLines(accrual.Lines));
    }

    internal static void WriteRedemption(SqliteSession session, long account, RedemptionRecord redemption) =>
        session.Statement(UpsertRedemption, RedemptionParameters)
            .Bind(1, account)
            .Bind(2, redemption.Key.Value)
            .Bind(3, redemption.Sequence)
            .Bind(4, redemption.OrderId)
            .Bind(5, ToColumn(redemption.At))
            .Bind(6, redemption.Points.Value)
            .Bind(7, redemption.RefundedPoints.Value)
            .Bind(8, ToColumn(redemption.Allocations))
            .Execute();

    /// <summary>An instant that is nearly always <paramref name="usual"/>: NULL (no bytes) when it is, read back as it.</summary>
    private static long? UnlessEqual(NodaTime.Instant value, NodaTime.Instant usual) => ToColumn(value) == ToColumn(usual) ? null : ToColumn(value);

    /// <summary>Runs an insert; false, with nothing written, when it would duplicate a unique key.</summary>
    private static bool TryExecute(SqliteStatement insert)
    {
        try
        {
            insert.Execute();
            return true;
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }
    }
}
