using System;
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
using static Loyalty.Sdk.Storage.PostgreSql.PostgreSqlRows;

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
    private readonly CommittedAccountCache _committed;

    private PostgreSqlLedgerStore(NpgsqlDataSource dataSource, bool ownsDataSource, int cachedAccounts)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _committed = new CommittedAccountCache(cachedAccounts);
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
        ArgumentOutOfRangeException.ThrowIfNegative(options.CachedAccounts);
        var owns = options.DataSource is null;
        var dataSource = options.DataSource ?? PostgreSqlDataSources.Build(options);
        var store = new PostgreSqlLedgerStore(dataSource, owns, options.CachedAccounts);
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
    /// <remarks>
    /// With <see cref="LedgerLoadRequest.AllowUnverified"/>, an account this store committed last (and still holds,
    /// see <see cref="PostgreSqlLedgerStoreOptions.CachedAccounts"/>) is answered without a read, unless the request
    /// asks for a redemption, claim, voucher, stock or period count.
    /// </remarks>
    public ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default)
    {
        return _committed.TryAnswer(request, out var held)
            ? ValueTask.FromResult(held)
            : PostgreSqlQueries.LoadAsync(_dataSource, request, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<LedgerContext>> LoadManyAsync(IReadOnlyList<LedgerLoadRequest> requests, CancellationToken cancellationToken = default) =>
        await PostgreSqlQueries.LoadManyAsync(_dataSource, requests ?? throw new ArgumentNullException(nameof(requests)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return CommitBatchAsync([changes], cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        CommitStatus status;
        try
        {
            status = await PostgreSqlQueries.CommitBatchAsync(_dataSource, changes, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _committed.Record(changes, null); // committed or not, the next load reads what is stored
            throw;
        }

        _committed.Record(changes, status);
        return status;
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
            return await ReadLotRowsAsync(reader, programId, memberId, cancellationToken).ConfigureAwait(false);
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


    private ValueTask<IReadOnlyList<AccountState>> ScanPageAsync(string sql, ProgramId programId, object[] parameters, int pageSize, CancellationToken cancellationToken) =>
        PostgreSqlQueries.ScanPageAsync(_dataSource, sql, programId, parameters, pageSize, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default) =>
        PostgreSqlQueries.ClaimAccountsDueAsync(_dataSource, programId, dueAtOrBefore, now, batchSize, lease, cancellationToken);

    /// <summary>Disposes the data source, if the store built it.</summary>
    public void Dispose()
    {
        DisposeCore();
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
        await QueryAsync(SelectClaims, [programId.Value, memberId.Value], (r, ct) => ReadClaimRowsAsync(r, programId, ct), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<RewardClaim?> FindClaimByVoucherAsync(ProgramId programId, string voucherCode, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(voucherCode);
            var claims = await QueryAsync(SelectClaimByVoucher, [programId.Value, voucherCode], (r, ct) => ReadClaimRowsAsync(r, programId, ct), cancellationToken).ConfigureAwait(false);
            return claims is [var found] ? found : null;
        }
        catch (Exception ex) when (PostgreSqlErrors.IsProvider(ex))
        {
            throw PostgreSqlErrors.Translate(ex, commit: false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<RewardStock?> ReadStockAsync(ProgramId programId, string rewardId, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(rewardId);
            return await QueryAsync(SelectStock, [programId.Value, rewardId], (r, ct) => ReadStockRowAsync(r, rewardId, ct), cancellationToken).ConfigureAwait(false);
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
            return await QueryAsync(quantity < 0 ? RemoveStock : AddStock, [programId.Value, rewardId, quantity], (r, ct) => ReadStockRowAsync(r, rewardId, ct), cancellationToken).ConfigureAwait(false);
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
                    events.Add(new OutboxEvent(new EventCursor(reader.GetInt64(0), reader.GetInt64(1)), LedgerStorageFormat.ReadEvent(programId, reader.GetString(2))));
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

    /// <inheritdoc />
    public async ValueTask<long> PruneEventsAsync(ProgramId programId, Instant occurredBefore, CancellationToken cancellationToken = default)
    {
        try
        {
            var command = _dataSource.CreateCommand(PruneEvents);
            await using var commandScope = command.ConfigureAwait(false);
            AddParameters(command, programId.Value, occurredBefore);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

}
