using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using static Loyalty.Sdk.Storage.Sqlite.SqliteDialect;
using static Loyalty.Sdk.Storage.Sqlite.SqliteRows;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>Writes one row of a change set with its prepared statement, inside the caller's write transaction.</summary>
internal static class SqliteRowWriters
{
    internal static void WriteAccount(SqliteSession session, SqliteTransaction transaction, AccountState state)
    {
        var account = Command(session, transaction, UpsertAccount, state.ProgramId, state.MemberId);
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
    }

    /// <summary>Inserts an idempotency record; false when the member already used the key.</summary>
    internal static bool TryWriteKey(SqliteSession session, SqliteTransaction transaction, IdempotencyRecord record)
    {
        var insertKey = Command(session, transaction, InsertIdempotency, record.ProgramId, record.MemberId);
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

    internal static void WriteEntry(SqliteSession session, SqliteTransaction transaction, LedgerEntry entry)
    {
        var insert = Command(session, transaction, InsertEntry, entry.ProgramId, entry.MemberId);
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

    internal static void WriteLot(SqliteSession session, SqliteTransaction transaction, Lot lot)
    {
        var upsert = Command(session, transaction, UpsertLot, lot.ProgramId, lot.MemberId);
        upsert.Set("$id", lot.Id);
        upsert.Set("$points", lot.Points.Value);
        upsert.Set("$remaining", lot.Remaining.Value);
        upsert.Set("$createdAt", ToColumn(lot.CreatedAt));
        upsert.Set("$availableAt", ToColumn(lot.AvailableAt));
        upsert.Set("$expiresAt", ToColumn(lot.ExpiresAt));
        upsert.Set("$orderId", lot.OrderId);
        upsert.ExecuteNonQuery();
    }

    internal static void WriteEvent(SqliteSession session, SqliteTransaction transaction, ProgramId p, LoyaltyEvent e)
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
