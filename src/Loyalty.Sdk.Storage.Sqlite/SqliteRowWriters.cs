using System;
using System.Buffers.Binary;
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
    private static readonly string[] AccountParameters = ["$p", "$m", "$version", "$lastSequence", "$debt", "$lastRecordedAt", "$lastActivityAt", "$nextExpiryAt", "$counters", "$tier", "$profile"];
    private static readonly string[] KeyParameters = ["$p", "$k", "$m", "$fingerprint", "$first", "$last", "$version", "$asOf", "$total", "$available", "$pending", "$debt", "$recordedAt"];
    private static readonly string[] EntryParameters = ["$p", "$m", "$sequence", "$kind", "$amount", "$at", "$recordedAt", "$commandKey", "$orderId", "$activityType", "$redemptionKey", "$reason", "$movements", "$debtChange", "$writtenOff", "$tier", "$qualifying"];
    private static readonly string[] LotParameters = ["$p", "$m", "$id", "$points", "$remaining", "$createdAt", "$availableAt", "$expiresAt", "$orderId"];
    private static readonly string[] AccrualParameters = ["$p", "$m", "$o", "$earnSequence", "$lotId", "$orderedAt", "$currency", "$rate", "$total", "$reversed", "$lines"];
    private static readonly string[] RedemptionParameters = ["$p", "$m", "$k", "$sequence", "$orderId", "$at", "$points", "$refunded", "$allocations"];
    private static readonly string[] EventParameters = ["$p", "$e", "$at", "$payload"];
    private static readonly string[] VersionParameters = ["$p", "$m"];

    internal static long ReadVersion(SqliteSession session, ProgramId programId, MemberId memberId)
    {
        var select = session.Statement(SelectVersion, VersionParameters).Bind(1, programId.Value).Bind(2, memberId.Value);
        if (!select.Read())
        {
            return 0L;
        }

        var version = select.Int64(0);
        select.Reset();
        return version;
    }

    internal static void WriteAccount(SqliteSession session, AccountState state) =>
        session.Statement(UpsertAccount, AccountParameters)
            .Bind(1, state.ProgramId.Value)
            .Bind(2, state.MemberId.Value)
            .Bind(3, state.Version)
            .Bind(4, state.LastSequence)
            .Bind(5, state.Debt.Value)
            .Bind(6, ToMicroseconds(state.LastRecordedAt))
            .Bind(7, ToMicroseconds(state.LastActivityAt))
            .Bind(8, ToMicroseconds(state.NextDueAt))
            .Bind(9, LedgerStorageFormat.WriteCounters(state.Counters))
            .Bind(10, LedgerStorageFormat.WriteTier(state.Tier))
            .Bind(11, LedgerStorageFormat.WriteProfile(state.Profile))
            .Execute();

    /// <summary>Inserts an idempotency record; false when the member already used the key.</summary>
    internal static bool TryWriteKey(SqliteSession session, IdempotencyRecord record)
    {
        Span<byte> fingerprint = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(fingerprint, record.Fingerprint);
        var insert = session.Statement(InsertIdempotency, KeyParameters)
            .Bind(1, record.ProgramId.Value)
            .Bind(2, record.Key.Value)
            .Bind(3, record.MemberId.Value)
            .Bind(4, fingerprint)
            .Bind(5, record.FirstSequence)
            .Bind(6, record.LastSequence)
            .Bind(7, record.Version)
            .Bind(8, ToColumn(record.Balance.AsOf))
            .Bind(9, record.Balance.Total.Value)
            .Bind(10, record.Balance.Available.Value)
            .Bind(11, record.Balance.Pending.Value)
            .Bind(12, record.Balance.Debt.Value)
            .Bind(13, ToColumn(record.RecordedAt));
        try
        {
            insert.Execute();
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }

        return true;
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

    internal static void WriteEntry(SqliteSession session, LedgerEntry entry) =>
        session.Statement(InsertEntry, EntryParameters)
            .Bind(1, entry.ProgramId.Value)
            .Bind(2, entry.MemberId.Value)
            .Bind(3, entry.Sequence)
            .Bind(4, (long)entry.Kind)
            .Bind(5, entry.Amount.Value)
            .Bind(6, ToColumn(entry.At))
            .Bind(7, ToColumn(entry.RecordedAt))
            .Bind(8, entry.CommandKey.Value)
            .Bind(9, entry.OrderId)
            .Bind(10, entry.ActivityType)
            .Bind(11, entry.RedemptionKey?.Value)
            .Bind(12, entry.Reason)
            .Bind(13, ToColumn(entry.Movements))
            .Bind(14, entry.DebtChange.Value)
            .Bind(15, entry.WrittenOff.Value)
            .Bind(16, entry.Tier)
            .Bind(17, entry.Qualifying is { } q ? LedgerStorageFormat.WriteQualifying(q) : null)
            .Execute();

    internal static void WriteLot(SqliteSession session, Lot lot) =>
        session.Statement(UpsertLot, LotParameters)
            .Bind(1, lot.ProgramId.Value)
            .Bind(2, lot.MemberId.Value)
            .Bind(3, lot.Id)
            .Bind(4, lot.Points.Value)
            .Bind(5, lot.Remaining.Value)
            .Bind(6, ToColumn(lot.CreatedAt))
            .Bind(7, ToColumn(lot.AvailableAt))
            .Bind(8, ToMicroseconds(lot.ExpiresAt))
            .Bind(9, lot.OrderId)
            .Execute();

    internal static void WriteEvent(SqliteSession session, ProgramId programId, LoyaltyEvent e)
    {
        var insert = session.Statement(InsertEvent, EventParameters)
            .Bind(1, programId.Value)
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

    internal static void WriteAccrual(SqliteSession session, OrderAccrual accrual) =>
        session.Statement(UpsertAccrual, AccrualParameters)
            .Bind(1, accrual.ProgramId.Value)
            .Bind(2, accrual.MemberId.Value)
            .Bind(3, accrual.OrderId)
            .Bind(4, accrual.EarnSequence)
            .Bind(5, accrual.LotId)
            .Bind(6, ToColumn(accrual.OrderedAt))
            .Bind(7, accrual.Currency.Code)
            .Bind(8, ToColumn(accrual.ExchangeRate))
            .Bind(9, accrual.TotalPoints.Value)
            .Bind(10, accrual.ReversedPoints.Value)
            .Bind(11, LedgerStorageFormat.WriteAccrualLines(accrual.Lines))
            .Execute();

    internal static void WriteRedemption(SqliteSession session, RedemptionRecord redemption) =>
        session.Statement(UpsertRedemption, RedemptionParameters)
            .Bind(1, redemption.ProgramId.Value)
            .Bind(2, redemption.MemberId.Value)
            .Bind(3, redemption.Key.Value)
            .Bind(4, redemption.Sequence)
            .Bind(5, redemption.OrderId)
            .Bind(6, ToColumn(redemption.At))
            .Bind(7, redemption.Points.Value)
            .Bind(8, redemption.RefundedPoints.Value)
            .Bind(9, ToColumn(redemption.Allocations))
            .Execute();
}
