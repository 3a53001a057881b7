using System;
using System.Buffers.Binary;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlDialect;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>Builds the one batch that applies change sets on PostgreSQL, and rolls a failed transaction back.</summary>
internal static class PostgreSqlCommits
{
    internal static async Task RollbackAsync(NpgsqlConnection connection)
    {
        // The batch's transaction is aborted (or was cut short); end it before the connection goes back to the pool.
        // A connection that cannot even roll back is broken, and Npgsql discards it: the original error is what matters.
        if (connection.State != ConnectionState.Open)
        {
            return;
        }

        try
        {
            var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await using (rollback.ConfigureAwait(false))
            {
                await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Nothing more can be done on this connection.
        }
    }

    /// <summary>Adds one change set's statements to a batch.</summary>
    internal static void AddChangeSet(NpgsqlBatch batch, LedgerChangeSet changes)
    {
        var state = changes.NewState;
        var p = state.ProgramId.Value;
        var m = state.MemberId.Value;

        // First the account: a conditional update (or the insert of a new account) decides the version race and
        // locks the row; everything after it runs only for the winner.
        // Both statements take the same 11 parameters ($9, the expected version, only matters to the update).
        var counters = LedgerStorageFormat.WriteCounters(state.Counters);
        var tier = LedgerStorageFormat.WriteTier(state.Tier);
        var version = Command(changes.ExpectedVersion == 0 ? InsertAccount : UpdateAccount, p, m, state.Version, state.LastSequence, state.Debt.Value,
            state.LastRecordedAt, state.LastActivityAt, state.NextDueAt, changes.ExpectedVersion, counters, tier, LedgerStorageFormat.WriteProfile(state.Profile));
        batch.BatchCommands.Add(version);

        var record = changes.Idempotency;
        var fingerprint = new byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(fingerprint, record.Fingerprint);
        batch.BatchCommands.Add(Command(InsertIdempotency, p, record.Key.Value, record.MemberId.Value, fingerprint, record.FirstSequence, record.LastSequence,
            record.Version, record.Balance.AsOf, record.Balance.Total.Value, record.Balance.Available.Value, record.Balance.Pending.Value, record.Balance.Debt.Value, record.RecordedAt));
        foreach (var e in changes.Entries)
        {
            batch.BatchCommands.Add(Command(InsertEntry, p, m, e.Sequence, (short)e.Kind, e.Amount.Value, e.At, e.RecordedAt, e.CommandKey.Value, e.OrderId, e.ActivityType,
                e.RedemptionKey?.Value, e.Reason, PostgreSqlDialect.ToColumn(e.Movements), e.DebtChange.Value, e.WrittenOff.Value, e.Tier, e.Qualifying is { } q ? LedgerStorageFormat.WriteQualifying(q) : null));
        }

        foreach (var lot in changes.Lots)
        {
            batch.BatchCommands.Add(Command(UpsertLot, p, m, lot.Id, lot.Points.Value, lot.Remaining.Value, lot.CreatedAt, lot.AvailableAt, lot.ExpiresAt, lot.OrderId));
        }

        if (changes.Accrual is { } a)
        {
            // A new accrual is inserted only if absent: a decision on an unverified load did not look for one.
            batch.BatchCommands.Add(Command(changes.AccrualIsNew ? InsertAccrual : UpsertAccrual, p, m, a.OrderId, a.EarnSequence, a.LotId, a.OrderedAt, a.Currency.Code, a.ExchangeRate, a.TotalPoints.Value, a.ReversedPoints.Value,
                LedgerStorageFormat.WriteAccrualLines(a.Lines)));
        }

        if (changes.Redemption is { } r)
        {
            batch.BatchCommands.Add(Command(UpsertRedemption, p, m, r.Key.Value, r.Sequence, r.OrderId, r.At, r.Points.Value, r.RefundedPoints.Value));
            for (var i = 0; i < r.Allocations.Count; i++)
            {
                var allocation = r.Allocations[i];
                batch.BatchCommands.Add(Command(UpsertAllocation, p, m, r.Key.Value, i, allocation.LotId, allocation.Consumed.Value, allocation.Refunded.Value));
            }
        }

        AddShared(batch, changes);

        // Last: a failure here comes after every ledger write, and the transaction takes both back.
        foreach (var e in changes.Events)
        {
            batch.BatchCommands.Add(Command(InsertEvent, p, e.EventId, m, e.Type, e.OccurredAt, LedgerStorageFormat.WriteEvent(e)));
        }

    }

    /// <summary>Adds a change set's shared parts (stock, a program-wide count, a claim), each conditional.</summary>
    internal static void AddShared(NpgsqlBatch batch, LedgerChangeSet changes)
    {
        var p = changes.NewState.ProgramId.Value;
        var m = changes.NewState.MemberId.Value;
        if (changes.Stock is { } stock)
        {
            batch.BatchCommands.Add(Command(ApplyStock, p, stock.RewardId, (long)stock.Reserved, (long)stock.Confirmed));
        }

        if (changes.Quota is { } quota)
        {
            batch.BatchCommands.Add(Command(quota.Delta > 0 ? TakeQuota : ReturnQuota, p, quota.Key, (long)quota.Delta, quota.Limit));
        }

        if (changes.Claim is { } claim)
        {
            batch.BatchCommands.Add(Command(UpsertClaim, p, m, claim.Key.Value, claim.ClaimedAt, claim.VoucherCode, LedgerStorageFormat.WriteClaim(claim)));
        }
    }
}
