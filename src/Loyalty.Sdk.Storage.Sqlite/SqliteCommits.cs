using System;
using System.Collections.Generic;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using static Loyalty.Sdk.Storage.Sqlite.SqliteDialect;
using static Loyalty.Sdk.Storage.Sqlite.SqliteRows;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>Applies change sets to SQLite inside one write transaction: every part of every change set, or none.</summary>
internal static class SqliteCommits
{
    internal static CommitStatus Commit(SqliteSession session, IReadOnlyList<LedgerChangeSet> changes)
    {
        // BEGIN IMMEDIATE takes the write lock now: the version checks and every write below are serialised with all
        // other writers, in this process and in others. Any conflict rolls the whole transaction back.
        using var transaction = session.Connection.BeginTransaction(deferred: false);
        foreach (var change in changes)
        {
            var status = Apply(session, transaction, change);
            if (status != CommitStatus.Committed)
            {
                return status;
            }
        }

        transaction.Commit();
        return CommitStatus.Committed;
    }

    /// <summary>Checks and writes one change set inside the caller's transaction (which sees earlier change sets of a batch).</summary>
    internal static CommitStatus Apply(SqliteSession session, SqliteTransaction transaction, LedgerChangeSet changes)
    {
        var state = changes.NewState;
        var p = state.ProgramId;
        var m = state.MemberId;
        var version = Command(session, transaction, SelectVersion, p, m).ExecuteScalar();
        if ((version is null or DBNull ? 0L : (long)version) != changes.ExpectedVersion)
        {
            return CommitStatus.VersionConflict;
        }

        var record = changes.Idempotency;
        var insertKey = Command(session, transaction, InsertIdempotency, p, m);
        insertKey.Set("$k", record.Key.Value);
        insertKey.Set("$fingerprint", ToColumn(record.Fingerprint));
        insertKey.Set("$first", record.FirstSequence);
        insertKey.Set("$last", record.LastSequence);
        insertKey.Set("$version", record.Version);
        insertKey.Set("$asOf", ToColumn(record.Balance.AsOf));
        insertKey.Set("$total", record.Balance.Total.Value);
        insertKey.Set("$available", record.Balance.Available.Value);
        insertKey.Set("$pending", record.Balance.Pending.Value);
        insertKey.Set("$debt", record.Balance.Debt.Value);
        insertKey.Set("$recordedAt", ToColumn(record.RecordedAt));
        try
        {
            insertKey.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex))
        {
            return CommitStatus.DuplicateKey;
        }

        var account = Command(session, transaction, UpsertAccount, p, m);
        account.Set("$version", state.Version);
        account.Set("$lastSequence", state.LastSequence);
        account.Set("$debt", state.Debt.Value);
        account.Set("$lastRecordedAt", ToColumn(state.LastRecordedAt));
        account.Set("$lastActivityAt", ToColumn(state.LastActivityAt));
        account.Set("$nextExpiryAt", ToColumn(state.NextDueAt));
        account.Set("$counters", LedgerStorageFormat.WriteCounters(state.Counters));
        account.Set("$tier", LedgerStorageFormat.WriteTier(state.Tier));
        account.Set("$profile", LedgerStorageFormat.WriteProfile(state.Profile));
        account.ExecuteNonQuery();

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

        foreach (var entry in changes.Entries)
        {
            var insert = Command(session, transaction, InsertEntry, p, m);
            insert.Set("$sequence", entry.Sequence);
            insert.Set("$kind", (int)entry.Kind);
            insert.Set("$amount", entry.Amount.Value);
            insert.Set("$at", ToColumn(entry.At));
            insert.Set("$recordedAt", ToColumn(entry.RecordedAt));
            insert.Set("$commandKey", entry.CommandKey.Value);
            insert.Set("$orderId", entry.OrderId);
            insert.Set("$activityType", entry.ActivityType);
            insert.Set("$redemptionKey", entry.RedemptionKey?.Value);
            insert.Set("$reason", entry.Reason);
            insert.Set("$movements", ToColumn(entry.Movements));
            insert.Set("$debtChange", entry.DebtChange.Value);
            insert.Set("$writtenOff", entry.WrittenOff.Value);
            insert.Set("$tier", entry.Tier);
            insert.Set("$qualifying", entry.Qualifying is { } q ? LedgerStorageFormat.WriteQualifying(q) : null);
            insert.ExecuteNonQuery();
        }

        foreach (var lot in changes.Lots)
        {
            var upsert = Command(session, transaction, UpsertLot, p, m);
            upsert.Set("$id", lot.Id);
            upsert.Set("$points", lot.Points.Value);
            upsert.Set("$remaining", lot.Remaining.Value);
            upsert.Set("$createdAt", ToColumn(lot.CreatedAt));
            upsert.Set("$availableAt", ToColumn(lot.AvailableAt));
            upsert.Set("$expiresAt", ToColumn(lot.ExpiresAt));
            upsert.Set("$orderId", lot.OrderId);
            upsert.ExecuteNonQuery();
        }

        if (changes.Accrual is { } accrual)
        {
            WriteAccrual(session, transaction, accrual);
        }

        if (changes.Redemption is { } redemption)
        {
            WriteRedemption(session, transaction, redemption);
        }

        // Last, so that a failure here is a failure after every ledger write: the transaction takes both back.
        foreach (var e in changes.Events)
        {
            var insert = session.Command(InsertEvent);
            insert.Transaction = transaction;
            insert.Set("$p", p.Value);
            insert.Set("$e", e.EventId);
            insert.Set("$at", ToColumn(e.OccurredAt));
            insert.Set("$payload", e.ToJson());
            try
            {
                insert.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (IsUniqueViolation(ex))
            {
                throw new LedgerStoreException(LedgerStoreFailure.Constraint, false, $"Event '{e.EventId}' is already in the outbox of program '{p}'; nothing was written.", ex);
            }
        }

        return CommitStatus.Committed;
    }

    internal static void WriteAccrual(SqliteSession session, SqliteTransaction transaction, OrderAccrual accrual)
    {
        var upsert = Command(session, transaction, UpsertAccrual, accrual.ProgramId, accrual.MemberId);
        upsert.Set("$o", accrual.OrderId);
        upsert.Set("$earnSequence", accrual.EarnSequence);
        upsert.Set("$lotId", accrual.LotId);
        upsert.Set("$orderedAt", ToColumn(accrual.OrderedAt));
        upsert.Set("$currency", accrual.Currency.Code);
        upsert.Set("$rate", ToColumn(accrual.ExchangeRate));
        upsert.Set("$total", accrual.TotalPoints.Value);
        upsert.Set("$reversed", accrual.ReversedPoints.Value);
        upsert.Set("$lines", LedgerStorageFormat.WriteAccrualLines(accrual.Lines));
        upsert.ExecuteNonQuery();
    }

    internal static void WriteRedemption(SqliteSession session, SqliteTransaction transaction, RedemptionRecord redemption)
    {
        var upsert = Command(session, transaction, UpsertRedemption, redemption.ProgramId, redemption.MemberId);
        upsert.Set("$k", redemption.Key.Value);
        upsert.Set("$sequence", redemption.Sequence);
        upsert.Set("$orderId", redemption.OrderId);
        upsert.Set("$at", ToColumn(redemption.At));
        upsert.Set("$points", redemption.Points.Value);
        upsert.Set("$refunded", redemption.RefundedPoints.Value);
        upsert.Set("$allocations", ToColumn(redemption.Allocations));
        upsert.ExecuteNonQuery();
    }
}
