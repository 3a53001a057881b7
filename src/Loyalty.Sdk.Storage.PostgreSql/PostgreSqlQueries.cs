using System;
using System.Collections.Generic;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Npgsql;
using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlCommits;
using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlDialect;
using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlRows;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>The store's reads and writes, each on the store's data source; the store wraps them and translates provider errors.</summary>
internal static class PostgreSqlQueries
{
    internal static async ValueTask<LedgerContext> LoadAsync(NpgsqlDataSource dataSource, LedgerLoadRequest request, CancellationToken cancellationToken = default) =>
        (await LoadManyAsync(dataSource, [request], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Loads the contexts of many requests (an import batch) in one snapshot and one round trip: BEGIN, every request's
    /// statements and COMMIT travel in one batch, so a batch of imports pays one round trip instead of one each. From
    /// <see cref="PostgreSqlImport.MinimumRows"/> requests on, the common parts are read set-based (<see cref="PostgreSqlSetLoad"/>).
    /// </summary>
    internal static async ValueTask<LedgerContext[]> LoadManyAsync(NpgsqlDataSource dataSource, IReadOnlyList<LedgerLoadRequest> requests, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            if (requests.Count >= PostgreSqlImport.MinimumRows)
            {
                try
                {
                    return await PostgreSqlSetLoad.LoadAsync(connection, requests, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await RollbackAsync(connection).ConfigureAwait(false);
                    throw;
                }
            }

            var batch = new NpgsqlBatch(connection);
            await using var batchScope = batch.ConfigureAwait(false);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(BeginSnapshot));
            foreach (var request in requests)
            {
                AddLoad(batch, request);
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand(CommitTransaction));
            var contexts = new LedgerContext[requests.Count];
            try
            {
                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    for (var i = 0; i < requests.Count; i++)
                    {
                        if (i > 0)
                        {
                            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        }

                        contexts[i] = await ReadLoadAsync(reader, requests[i], cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch
            {
                await RollbackAsync(connection).ConfigureAwait(false);
                throw;
            }

            return contexts;
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <summary>Adds one request's statements to a load batch (inside its snapshot).</summary>
    private static void AddLoad(NpgsqlBatch batch, LedgerLoadRequest request)
    {
        var p = request.ProgramId;
        var m = request.MemberId;
        if (request.CommandKey is { } commandKey)
        {
            batch.BatchCommands.Add(Command(SelectIdempotency, p.Value, commandKey.Value, m.Value));
        }

        batch.BatchCommands.Add(Command(SelectAccount, p.Value, m.Value));
        batch.BatchCommands.Add(Command(SelectOpenLots, p.Value, m.Value));
        if (request.OrderId is { } orderId)
        {
            batch.BatchCommands.Add(Command(SelectAccrual, p.Value, m.Value, orderId));
        }

        AddRare(batch, request);
    }

    /// <summary>Adds the statements of a request's rarer parts (stock, a count, a claim, a redemption) to a load batch.</summary>
    internal static void AddRare(NpgsqlBatch batch, LedgerLoadRequest request)
    {
        var p = request.ProgramId;
        var m = request.MemberId;
        if (request.RewardId is { } rewardId)
        {
            batch.BatchCommands.Add(Command(SelectStock, p.Value, rewardId));
        }

        if (request.QuotaKey is { } quotaKey)
        {
            batch.BatchCommands.Add(Command(SelectQuota, p.Value, quotaKey));
        }

        if (request.ClaimKey is { } claimKey)
        {
            batch.BatchCommands.Add(Command(SelectClaim, p.Value, m.Value, claimKey.Value));
        }
        else if (request.VoucherCode is { } code)
        {
            batch.BatchCommands.Add(Command(SelectClaimOfVoucher, p.Value, m.Value, code));
        }

        if (request.RedemptionKey is { } key)
        {
            batch.BatchCommands.Add(Command(SelectRedemption, p.Value, m.Value, key.Value));
            batch.BatchCommands.Add(Command(SelectAllocations, p.Value, m.Value, key.Value));
            batch.BatchCommands.Add(Command(SelectRedemptionLots, p.Value, m.Value, key.Value));
        }
    }

    /// <summary>Reads the result sets of <see cref="AddRare"/>, each after the previous result set (the reader is moved to it first).</summary>
    internal static async ValueTask<(RewardStock? Stock, QuotaCount? Quota, RewardClaim? Claim, RedemptionRecord? Redemption, List<Lot> Lots)> ReadRareAsync(
        NpgsqlDataReader reader, LedgerLoadRequest request, CancellationToken cancellationToken)
    {
        var p = request.ProgramId;
        var m = request.MemberId;
        RedemptionRecord? redemption = null;
        RewardStock? stock = null;
        QuotaCount? quota = null;
        RewardClaim? claim = null;
        var redemptionLots = new List<Lot>();
        if (request.RewardId is { } reward)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            stock = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new RewardStock(reward, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2))
                : null;
        }

        if (request.QuotaKey is { } quotaRead)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            quota = new QuotaCount(quotaRead, await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInt64(0) : 0);
        }

        if (request.ClaimKey is not null || request.VoucherCode is not null)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            claim = (await ReadClaimRowsAsync(reader, p, cancellationToken).ConfigureAwait(false)) is [var found] ? found : null;
        }

        if (request.RedemptionKey is { } redemptionKey)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            redemption = await ReadRedemptionAsync(reader, p, m, redemptionKey, cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            redemptionLots = await ReadLotRowsAsync(reader, p, m, cancellationToken).ConfigureAwait(false);
        }

        return (stock, quota, claim, redemption, redemptionLots);
    }

    /// <summary>Reads one request's result sets, the reader on the first of them.</summary>
    private static async ValueTask<LedgerContext> ReadLoadAsync(NpgsqlDataReader reader, LedgerLoadRequest request, CancellationToken cancellationToken)
    {
        var p = request.ProgramId;
        var m = request.MemberId;
        AccountState state;
        IdempotencyRecord? record = null;
        OrderAccrual? accrual = null;
        if (request.CommandKey is { } recordKey)
        {
            record = await ReadIdempotencyAsync(reader, p, recordKey, cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        state = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadState(reader, 0, p, m) : AccountState.Empty(p, m);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var open = await ReadLotRowsAsync(reader, p, m, cancellationToken).ConfigureAwait(false);
        state = state with { OpenLots = open };
        if (request.OrderId is { } order)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            accrual = await ReadAccrualAsync(reader, p, m, order, cancellationToken).ConfigureAwait(false);
        }

        var (stock, quota, claim, redemption, redemptionLots) = await ReadRareAsync(reader, request, cancellationToken).ConfigureAwait(false);
        return state.Exists
            ? new LedgerContext(state, accrual, redemption, redemption is null ? [] : redemptionLots, record, claim, stock, quota)
            : new LedgerContext(state, null, null, [], record, null, stock, quota);
    }

    internal static async ValueTask<CommitStatus> CommitBatchAsync(NpgsqlDataSource dataSource, IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(changes);
            NpgsqlConnection connection;
            try
            {
                connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
            {
                throw PostgreSqlErrors.Translate(ex, commit: false); // nothing was sent yet
            }

            await using var connectionScope = connection.ConfigureAwait(false);
            try
            {
                if (changes.Count >= PostgreSqlImport.MinimumRows)
                {
                    var status = await PostgreSqlImport.WriteAsync(connection, changes, cancellationToken).ConfigureAwait(false);
                    if (status != CommitStatus.Committed)
                    {
                        await RollbackAsync(connection).ConfigureAwait(false);
                    }

                    return status;
                }

                var batch = new NpgsqlBatch(connection);
                await using var batchScope = batch.ConfigureAwait(false);

                // One round trip: BEGIN, every change set (each starting with its account's version statement, which
                // aborts the batch on a lost race), COMMIT. An error skips everything after it, COMMIT included.
                batch.BatchCommands.Add(new NpgsqlBatchCommand(Begin));
                foreach (var change in changes)
                {
                    AddChangeSet(batch, change);
                }

                batch.BatchCommands.Add(new NpgsqlBatchCommand(CommitTransaction));
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return CommitStatus.Committed;
            }
            catch (PostgresException ex) when (MapFailure(ex) is { } failure)
            {
                await RollbackAsync(connection).ConfigureAwait(false);
                return failure;
            }
            catch
            {
                await RollbackAsync(connection).ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: true);
        }
    }

    /// <summary>
    /// What a failed commit means: a lost version race, a key used twice, stock or a count exhausted; null for any
    /// other error. An event id already in the outbox is a constraint failure, thrown.
    /// </summary>
    private static CommitStatus? MapFailure(PostgresException ex)
    {
        if (ex.SqlState == UniqueViolation && ex.ConstraintName == OutboxEventIndex)
        {
            throw new LedgerStoreException(LedgerStoreFailure.Constraint, false, $"An event of this commit is already in the outbox; nothing was written. {ex.MessageText}", ex);
        }

        return ex.SqlState switch
        {
            StockConflictState => CommitStatus.StockConflict,

            // A voucher code collision is re-decided with a new code. A unique violation other than the key's (or a
            // voucher's) is the losing writer of a version race colliding with the winner's rows, or a new account
            // that already exists.
            UniqueViolation when ex.ConstraintName is VoucherIndex or IdempotencyPrimaryKey or AccrualPrimaryKey => CommitStatus.DuplicateKey,
            VersionConflictState or UniqueViolation or SerializationFailure or DeadlockDetected => CommitStatus.VersionConflict,
            _ => null,
        };
    }

    internal static async ValueTask<IReadOnlyList<AccountState>> ScanPageAsync(NpgsqlDataSource dataSource, string sql, ProgramId programId, object[] parameters, int pageSize, CancellationToken cancellationToken)
    {
        try
        {
            if (pageSize <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be greater than zero.");
            }

            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            var page = new List<AccountState>();
            var command = new NpgsqlCommand(sql, connection, transaction);
            await using (command.ConfigureAwait(false))
            {
                AddParameters(command, parameters);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        page.Add(ReadState(reader, 1, programId, MemberId.From(reader.GetString(0))));
                    }
                }
            }

            await AttachOpenLotsAsync(page, connection, transaction, programId, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return page;
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    internal static async ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(NpgsqlDataSource dataSource, ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default)
    {
        try
        {
            if (batchSize <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be greater than zero.");
            }

            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            var claimed = new List<AccountState>();
            var command = new NpgsqlCommand(ClaimDueAccounts, connection, transaction);
            await using (command.ConfigureAwait(false))
            {
                AddParameters(command, programId.Value, dueAtOrBefore, now, now + lease, batchSize);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        claimed.Add(ReadState(reader, 1, programId, MemberId.From(reader.GetString(0))));
                    }
                }
            }

            claimed.Sort((x, y) => x.MemberId.CompareTo(y.MemberId));
            await AttachOpenLotsAsync(claimed, connection, transaction, programId, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return claimed;
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: true);
        }
    }
}
