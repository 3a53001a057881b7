using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Data;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Npgsql;
using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlDialect;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>
/// The server ledger store for fleets of app servers. Each commit is one transaction sent as one batch: a conditional
/// update of the account version (an insert for a new account), the idempotency key (a primary key) and every row
/// the command changed. A version or key conflict rolls everything back.
/// </summary>
/// <remarks>
/// This type is thread-safe. Open it once with <see cref="OpenAsync(PostgreSqlLedgerStoreOptions, CancellationToken)"/> (which creates or migrates the schema under
/// an advisory lock) and share it; dispose it to close the data source it built.
/// </remarks>
public sealed class PostgreSqlLedgerStore : ILedgerStore, IAsyncDisposable, IDisposable
{
    private const long MigrationLockKey = 0x4C6F79616C7479; // "Loyalty"
    private const string ResourcePrefix = "Loyalty.Sdk.Storage.PostgreSql.Schema.";

    private static readonly string[] Scripts = typeof(PostgreSqlLedgerStore).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    private PostgreSqlLedgerStore(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>Gets the newest schema version this library knows.</summary>
    public static int LatestSchemaVersion => Scripts.Length;

    /// <summary>Gets the schema version of the database.</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>Opens a store, creating or migrating the schema to the latest version in one transaction.</summary>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">A token to cancel start-up.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">Neither a connection string nor a data source is given.</exception>
    /// <exception cref="LedgerStoreException">The server cannot be reached or used, or its schema is newer. Nothing was changed.</exception>
    public static async Task<PostgreSqlLedgerStore> OpenAsync(PostgreSqlLedgerStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        NpgsqlDataSource dataSource;
        var owns = options.DataSource is null;
        if (options.DataSource is { } given)
        {
            dataSource = given;
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (options.StatementTimeout > TimeSpan.Zero)
            {
                connection.Options = $"{connection.Options} -c statement_timeout={(long)options.StatementTimeout.TotalMilliseconds}".Trim();
            }

            var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
            builder.UseNodaTime();
            dataSource = builder.Build();
        }
        else
        {
            throw new ArgumentException("PostgreSqlLedgerStoreOptions needs a ConnectionString or a DataSource.", nameof(options));
        }

        var store = new PostgreSqlLedgerStore(dataSource, owns);
        try
        {
            store.SchemaVersion = await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidCastException or NotSupportedException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new LedgerStoreException(
                ex is InvalidCastException or NotSupportedException
                    ? "The PostgreSQL data source has no NodaTime mapping: build it with NpgsqlDataSourceBuilder.UseNodaTime()."
                    : $"The PostgreSQL database cannot be used: {ex.Message}",
                ex);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            var p = request.ProgramId;
            var m = request.MemberId;
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);

            // One snapshot for every statement, and one round trip: BEGIN and COMMIT travel in the batch.
            var batch = new NpgsqlBatch(connection);
            await using var batchScope = batch.ConfigureAwait(false);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(BeginSnapshot));
            if (request.CommandKey is { } commandKey)
            {
                batch.BatchCommands.Add(Command(SelectIdempotency, p.Value, commandKey.Value, m.Value));
            }

            batch.BatchCommands.Add(Command(SelectAccount, p.Value, m.Value));
            batch.BatchCommands.Add(Command(SelectOpenLots, p.Value, m.Value));
            if (request.OrderId is { } orderId)
            {
                batch.BatchCommands.Add(Command(SelectAccrual, p.Value, m.Value, orderId));
                batch.BatchCommands.Add(Command(SelectAccrualLines, p.Value, m.Value, orderId));
            }

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

            batch.BatchCommands.Add(new NpgsqlBatchCommand(CommitTransaction));

            AccountState state;
            IdempotencyRecord? record = null;
            OrderAccrual? accrual = null;
            RedemptionRecord? redemption = null;
            RewardStock? stock = null;
            QuotaCount? quota = null;
            RewardClaim? claim = null;
            var redemptionLots = new List<Lot>();
            try
            {
                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (request.CommandKey is { } recordKey)
                    {
                        record = await ReadIdempotencyAsync(reader, p, recordKey, cancellationToken).ConfigureAwait(false);
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    }

                    state = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadState(reader, 0, p, m) : AccountState.Empty(p, m);
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    var open = await ReadLotsAsync(reader, p, m, cancellationToken).ConfigureAwait(false);
                    state = state with { OpenLots = open };
                    if (request.OrderId is { } order)
                    {
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        accrual = await ReadAccrualAsync(reader, p, m, order, cancellationToken).ConfigureAwait(false);
                    }

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
                        claim = (await ReadClaimsAsync(reader, p, cancellationToken).ConfigureAwait(false)) is [var found] ? found : null;
                    }

                    if (request.RedemptionKey is { } redemptionKey)
                    {
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        redemption = await ReadRedemptionAsync(reader, p, m, redemptionKey, cancellationToken).ConfigureAwait(false);
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        redemptionLots = await ReadLotsAsync(reader, p, m, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch
            {
                await RollbackAsync(connection).ConfigureAwait(false);
                throw;
            }

            return state.Exists
                ? new LedgerContext(state, accrual, redemption, redemption is null ? [] : redemptionLots, record, claim, stock, quota)
                : new LedgerContext(state, null, null, [], record, null, stock, quota);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <inheritdoc />
    public ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return CommitBatchAsync([changes], cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(changes);
            NpgsqlConnection connection;
            try
            {
                connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
            {
                throw PostgreSqlErrors.Translate(ex, commit: false); // nothing was sent yet
            }

            await using var connectionScope = connection.ConfigureAwait(false);
            var batch = new NpgsqlBatch(connection);
            await using var batchScope = batch.ConfigureAwait(false);

            // One round trip: BEGIN, every change set (each starting with its account's version statement, which aborts
            // the batch on a lost race), COMMIT. An error skips everything after it, COMMIT included.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Begin));
            foreach (var change in changes)
            {
                AddChangeSet(batch, change);
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand(CommitTransaction));
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return CommitStatus.Committed;
            }
            catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.ConstraintName == OutboxEventIndex)
            {
                await RollbackAsync(connection).ConfigureAwait(false);
                throw new LedgerStoreException(LedgerStoreFailure.Constraint, false, $"An event of this commit is already in the outbox; nothing was written. {ex.MessageText}", ex);
            }
            catch (PostgresException ex) when (ex.SqlState is StockConflictState)
            {
                await RollbackAsync(connection).ConfigureAwait(false);
                return CommitStatus.StockConflict;
            }
            catch (PostgresException ex) when (ex.SqlState is VersionConflictState or UniqueViolation or SerializationFailure or DeadlockDetected)
            {
                await RollbackAsync(connection).ConfigureAwait(false);
                if (ex.SqlState == UniqueViolation && ex.ConstraintName == VoucherIndex)
                {
                    return CommitStatus.DuplicateKey; // a voucher code collision: re-decided with a new code
                }

                // A unique violation other than the key's is the losing writer of a version race colliding with the
                // winner's rows (or a new account that already exists).
                return ex.SqlState == UniqueViolation && ex.ConstraintName == IdempotencyPrimaryKey ? CommitStatus.DuplicateKey : CommitStatus.VersionConflict;
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

    private static async Task RollbackAsync(NpgsqlConnection connection)
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
    private static void AddChangeSet(NpgsqlBatch batch, LedgerChangeSet changes)
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
            batch.BatchCommands.Add(Command(UpsertAccrual, p, m, a.OrderId, a.EarnSequence, a.LotId, a.OrderedAt, a.Currency.Code, a.ExchangeRate, a.TotalPoints.Value, a.ReversedPoints.Value));
            for (var i = 0; i < a.Lines.Count; i++)
            {
                var l = a.Lines[i];
                batch.BatchCommands.Add(Command(UpsertAccrualLine, p, m, a.OrderId, i, l.LineId, l.Sku, l.Category, l.Units, l.UnitPrice, l.BaseAmount,
                    l.PointsPerCurrencyUnit, l.Multiplier, l.Points.Value, l.ReturnedUnits, l.ReversedPoints.Value, l.Rules.ToArray()));
            }
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

        // Last: a failure here comes after every ledger write, and the transaction takes both back.
        foreach (var e in changes.Events)
        {
            batch.BatchCommands.Add(Command(InsertEvent, p, e.EventId, m, e.Type, e.OccurredAt, e.ToJson()));
        }

    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesBySequenceAsync(ProgramId programId, MemberId memberId, long fromSequence, long toSequence, CancellationToken cancellationToken = default)
    {
        try
        {
            var command = _dataSource.CreateCommand(SelectEntriesBySequence);
            await using var commandScope = command.ConfigureAwait(false);
            AddParameters(command, programId.Value, memberId.Value, fromSequence, toSequence);
            return await ReadEntriesAsync(command, programId, memberId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesUpToAsync(ProgramId programId, MemberId memberId, Instant effectiveUpTo, CancellationToken cancellationToken = default)
    {
        try
        {
            var command = _dataSource.CreateCommand(SelectEntriesUpTo);
            await using var commandScope = command.ConfigureAwait(false);
            AddParameters(command, programId.Value, memberId.Value, effectiveUpTo);
            return await ReadEntriesAsync(command, programId, memberId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default)
    {
        try
        {
            var command = _dataSource.CreateCommand(SelectAllLots);
            await using var commandScope = command.ConfigureAwait(false);
            AddParameters(command, programId.Value, memberId.Value);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            return await ReadLotsAsync(reader, programId, memberId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, Instant? dueAtOrBefore = null, CancellationToken cancellationToken = default) =>
        dueAtOrBefore is { } due
            ? ScanPageAsync(SelectDueAccounts, programId, [programId.Value, due, afterMember?.Value ?? string.Empty, pageSize], pageSize, cancellationToken)
            : ScanPageAsync(SelectAccountsPage, programId, [programId.Value, afterMember?.Value ?? string.Empty, pageSize], pageSize, cancellationToken);

    private async ValueTask<IReadOnlyList<AccountState>> ScanPageAsync(string sql, ProgramId programId, object[] parameters, int pageSize, CancellationToken cancellationToken)
    {
        try
        {
            if (pageSize <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be greater than zero.");
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default)
    {
        try
        {
            if (batchSize <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be greater than zero.");
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Disposes the data source, if the store built it.</summary>
    public void Dispose()
    {
        DisposeCore();
    }

    private static async Task<List<RewardClaim>> ReadClaimsAsync(NpgsqlDataReader reader, ProgramId programId, CancellationToken cancellationToken)
    {
        var claims = new List<RewardClaim>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claims.Add(LedgerStorageFormat.ReadClaim(programId, MemberId.From(reader.GetString(2)), IdempotencyKey.From(reader.GetString(0)), reader.GetString(1)));
        }

        return claims;
    }

    private async Task<T> QueryAsync<T>(string sql, object[] parameters, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            var command = _dataSource.CreateCommand(sql);
            await using var commandScope = command.ConfigureAwait(false);
            AddParameters(command, parameters);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            return await read(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RewardClaim>> ReadClaimsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default) =>
        await QueryAsync(SelectClaims, [programId.Value, memberId.Value], (r, ct) => ReadClaimsAsync(r, programId, ct), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<RewardClaim?> FindClaimByVoucherAsync(ProgramId programId, string voucherCode, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(voucherCode);
            var claims = await QueryAsync(SelectClaimByVoucher, [programId.Value, voucherCode], (r, ct) => ReadClaimsAsync(r, programId, ct), cancellationToken).ConfigureAwait(false);
            return claims is [var found] ? found : null;
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    private static async Task<RewardStock?> ReadStockAsync(NpgsqlDataReader reader, string rewardId, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new RewardStock(rewardId, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : null;

    /// <inheritdoc />
    public async ValueTask<RewardStock?> ReadStockAsync(ProgramId programId, string rewardId, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(rewardId);
            return await QueryAsync(SelectStock, [programId.Value, rewardId], (r, ct) => ReadStockAsync(r, rewardId, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<RewardStock?> AddStockAsync(ProgramId programId, string rewardId, long quantity, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(rewardId);
            return await QueryAsync(quantity < 0 ? RemoveStock : AddStock, [programId.Value, rewardId, quantity], (r, ct) => ReadStockAsync(r, rewardId, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: true);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MemberPoints>> ReadPointsEarnedAsync(ProgramId programId, Instant from, Instant to, CancellationToken cancellationToken = default) =>
        await QueryAsync(SelectPointsEarned, [programId.Value, from, to], async (reader, ct) =>
        {
            var totals = new List<MemberPoints>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                totals.Add(new MemberPoints(MemberId.From(reader.GetString(0)), reader.GetInt64(1)));
            }

            return (IReadOnlyList<MemberPoints>)totals;
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(ProgramId programId, EventCursor after, int maxCount, CancellationToken cancellationToken = default)
    {
        try
        {
            if (maxCount <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "The count must be greater than zero.");
            }

            return await QueryAsync(SelectEvents, [programId.Value, after.Transaction, after.Position, maxCount], async (reader, ct) =>
            {
                var events = new List<OutboxEvent>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    events.Add(new OutboxEvent(new EventCursor(reader.GetInt64(0), reader.GetInt64(1)), LoyaltyEvent.FromJson(reader.GetString(2))));
                }

                return (IReadOnlyList<OutboxEvent>)events;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<EventCursor> ReadConsumerCursorAsync(ProgramId programId, string consumer, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(consumer);
            return await QueryAsync(SelectCursor, [programId.Value, consumer], async (reader, ct) =>
                await reader.ReadAsync(ct).ConfigureAwait(false) ? new EventCursor(reader.GetInt64(0), reader.GetInt64(1)) : EventCursor.Start, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <inheritdoc />
    public async ValueTask SaveConsumerCursorAsync(ProgramId programId, string consumer, EventCursor cursor, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(consumer);
            var command = _dataSource.CreateCommand(UpsertCursor);
            await using var commandScope = command.ConfigureAwait(false);
            AddParameters(command, programId.Value, consumer, cursor.Transaction, cursor.Position);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: true);
        }
    }

    private void DisposeCore()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    /// <summary>Disposes the data source, if the store built it.</summary>
    /// <returns>A task that completes when the data source is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task AttachOpenLotsAsync(List<AccountState> accounts, NpgsqlConnection connection, NpgsqlTransaction transaction, ProgramId programId, CancellationToken cancellationToken)
    {
        if (accounts.Count == 0)
        {
            return;
        }

        var lots = new Dictionary<string, List<Lot>>(StringComparer.Ordinal);
        var command = new NpgsqlCommand(SelectOpenLotsOfMembers, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            AddParameters(command, programId.Value, accounts.Select(s => s.MemberId.Value).ToArray());
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var member = reader.GetString(0);
                    if (!lots.TryGetValue(member, out var list))
                    {
                        lots[member] = list = new List<Lot>();
                    }

                    list.Add(ReadLot(reader, 1, programId, MemberId.From(member)));
                }
            }
        }

        for (var i = 0; i < accounts.Count; i++)
        {
            accounts[i] = accounts[i] with { OpenLots = lots.GetValueOrDefault(accounts[i].MemberId.Value) ?? [] };
        }
    }

    private async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        // Transactional DDL under an advisory lock: several app servers starting at once migrate one after another,
        // and a failure leaves the schema exactly as it was.
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS loyalty_schema_info (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)", cancellationToken).ConfigureAwait(false);
        var read = new NpgsqlCommand("SELECT version FROM loyalty_schema_info WHERE id = 1", connection, transaction);
        await using var readScope = read.ConfigureAwait(false);
        var current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int v ? v : 0;
        if (current > LatestSchemaVersion)
        {
            throw new LedgerStoreException(
                $"The database has ledger schema version {current}, newer than the {LatestSchemaVersion} this version of Loyalty.Sdk.Storage.PostgreSql " +
                "understands. Upgrade the package; the database was not changed.");
        }

        for (var version = current + 1; version <= LatestSchemaVersion; version++)
        {
            var stream = typeof(PostgreSqlLedgerStore).Assembly.GetManifestResourceStream(Scripts[version - 1])!;
            await using var streamScope = stream.ConfigureAwait(false);
            using var text = new StreamReader(stream);
            await ExecuteAsync(connection, transaction, await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        var set = new NpgsqlCommand(
            "INSERT INTO loyalty_schema_info (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version", connection, transaction);
        await using var setScope = set.ConfigureAwait(false);
        set.Parameters.Add(new NpgsqlParameter { Value = LatestSchemaVersion });
        await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // Checks the NodaTime mapping of a host-supplied data source before anything relies on it.
        var probe = new NpgsqlCommand("SELECT now()", connection, transaction);
        await using var probeScope = probe.ConfigureAwait(false);
        var reader = await probe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            _ = reader.GetFieldValue<Instant>(0);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return LatestSchemaVersion;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using var commandScope = command.ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddParameters(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }

    private static async Task<IdempotencyRecord?> ReadIdempotencyAsync(NpgsqlDataReader reader, ProgramId programId, IdempotencyKey key, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new IdempotencyRecord
        {
            ProgramId = programId,
            Key = key,
            MemberId = MemberId.From(reader.GetString(0)),
            Fingerprint = BinaryPrimitives.ReadUInt128LittleEndian(reader.GetFieldValue<byte[]>(1)),
            FirstSequence = reader.GetInt64(2),
            LastSequence = reader.GetInt64(3),
            Version = reader.GetInt64(4),
            Balance = new AccountBalance(
                reader.GetFieldValue<Instant>(5),
                Points.FromInt64(reader.GetInt64(6)),
                Points.FromInt64(reader.GetInt64(7)),
                Points.FromInt64(reader.GetInt64(8)),
                Points.FromInt64(reader.GetInt64(9))),
            RecordedAt = reader.GetFieldValue<Instant>(10),
        };
    }

    private static AccountState ReadState(NpgsqlDataReader reader, int first, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Version = reader.GetInt64(first),
        LastSequence = reader.GetInt64(first + 1),
        Debt = Points.FromInt64(reader.GetInt64(first + 2)),
        LastRecordedAt = reader.IsDBNull(first + 3) ? null : reader.GetFieldValue<Instant>(first + 3),
        LastActivityAt = reader.IsDBNull(first + 4) ? null : reader.GetFieldValue<Instant>(first + 4),
        NextDueAt = reader.IsDBNull(first + 5) ? null : reader.GetFieldValue<Instant>(first + 5),
        Counters = LedgerStorageFormat.ReadCounters(reader.GetString(first + 6)),
        Tier = LedgerStorageFormat.ReadTier(reader.GetString(first + 7)),
        Profile = LedgerStorageFormat.ReadProfile(reader.GetString(first + 8)),
    };

    private static async Task<List<Lot>> ReadLotsAsync(NpgsqlDataReader reader, ProgramId programId, MemberId memberId, CancellationToken cancellationToken)
    {
        var lots = new List<Lot>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lots.Add(ReadLot(reader, 0, programId, memberId));
        }

        return lots;
    }

    private static Lot ReadLot(NpgsqlDataReader reader, int first, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Id = reader.GetInt64(first),
        Points = Points.FromInt64(reader.GetInt64(first + 1)),
        Remaining = Points.FromInt64(reader.GetInt64(first + 2)),
        CreatedAt = reader.GetFieldValue<Instant>(first + 3),
        AvailableAt = reader.GetFieldValue<Instant>(first + 4),
        ExpiresAt = reader.IsDBNull(first + 5) ? null : reader.GetFieldValue<Instant>(first + 5),
        OrderId = reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
    };

    private static async Task<OrderAccrual?> ReadAccrualAsync(NpgsqlDataReader reader, ProgramId programId, MemberId memberId, string orderId, CancellationToken cancellationToken)
    {
        OrderAccrual? accrual = null;
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accrual = new OrderAccrual
            {
                ProgramId = programId,
                MemberId = memberId,
                OrderId = orderId,
                EarnSequence = reader.GetInt64(0),
                LotId = reader.IsDBNull(1) ? null : reader.GetInt64(1),
                OrderedAt = reader.GetFieldValue<Instant>(2),
                Currency = CurrencyCode.Parse(reader.GetString(3)),
                ExchangeRate = reader.GetDecimal(4),
                TotalPoints = Points.FromInt64(reader.GetInt64(5)),
                ReversedPoints = Points.FromInt64(reader.GetInt64(6)),
                Lines = [],
            };
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var lines = new List<AccrualLine>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.Add(new AccrualLine
            {
                LineId = reader.GetString(0),
                Sku = reader.GetString(1),
                Category = reader.GetString(2),
                Units = reader.GetInt32(3),
                UnitPrice = reader.GetDecimal(4),
                BaseAmount = reader.GetDecimal(5),
                PointsPerCurrencyUnit = reader.GetDecimal(6),
                Multiplier = reader.GetDecimal(7),
                Points = Points.FromInt64(reader.GetInt64(8)),
                ReturnedUnits = reader.GetInt32(9),
                ReversedPoints = Points.FromInt64(reader.GetInt64(10)),
                Rules = reader.GetFieldValue<string[]>(11),
            });
        }

        return accrual is null ? null : accrual with { Lines = lines };
    }

    private static async Task<RedemptionRecord?> ReadRedemptionAsync(NpgsqlDataReader reader, ProgramId programId, MemberId memberId, IdempotencyKey key, CancellationToken cancellationToken)
    {
        RedemptionRecord? redemption = null;
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            redemption = new RedemptionRecord
            {
                ProgramId = programId,
                MemberId = memberId,
                Key = key,
                Sequence = reader.GetInt64(0),
                OrderId = reader.IsDBNull(1) ? null : reader.GetString(1),
                At = reader.GetFieldValue<Instant>(2),
                Points = Points.FromInt64(reader.GetInt64(3)),
                RefundedPoints = Points.FromInt64(reader.GetInt64(4)),
                Allocations = [],
            };
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var allocations = new List<LotAllocation>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            allocations.Add(new LotAllocation(reader.GetInt64(0), Points.FromInt64(reader.GetInt64(1)), Points.FromInt64(reader.GetInt64(2))));
        }

        return redemption is null ? null : redemption with { Allocations = allocations };
    }

    private static async Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(NpgsqlCommand command, ProgramId programId, MemberId memberId, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new LedgerEntry
            {
                ProgramId = programId,
                MemberId = memberId,
                Sequence = reader.GetInt64(0),
                Kind = (LedgerEntryKind)reader.GetInt16(1),
                Amount = Points.FromInt64(reader.GetInt64(2)),
                At = reader.GetFieldValue<Instant>(3),
                RecordedAt = reader.GetFieldValue<Instant>(4),
                CommandKey = IdempotencyKey.From(reader.GetString(5)),
                OrderId = reader.IsDBNull(6) ? null : reader.GetString(6),
                ActivityType = reader.IsDBNull(7) ? null : reader.GetString(7),
                RedemptionKey = reader.IsDBNull(8) ? null : IdempotencyKey.From(reader.GetString(8)),
                Reason = reader.IsDBNull(9) ? null : reader.GetString(9),
                Movements = ToMovements(reader.GetFieldValue<long[]>(10)),
                DebtChange = Points.FromInt64(reader.GetInt64(11)),
                WrittenOff = Points.FromInt64(reader.GetInt64(12)),
                Tier = reader.IsDBNull(13) ? null : reader.GetString(13),
                Qualifying = LedgerStorageFormat.ReadQualifying(reader.IsDBNull(14) ? null : reader.GetString(14)),
            });
        }

        return entries;
    }
}
