using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Microsoft.Data.Sqlite;
using NodaTime;
using static Loyalty.Sdk.Storage.Sqlite.SqliteCommits;
using static Loyalty.Sdk.Storage.Sqlite.SqliteDialect;
using static Loyalty.Sdk.Storage.Sqlite.SqliteRows;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>
/// The embedded, durable ledger store: one SQLite file in WAL mode that any number of threads and several processes
/// on one machine can use at once. Each commit is one <c>BEGIN IMMEDIATE</c> transaction that checks the account
/// version and inserts the idempotency key (a primary key), so concurrent writers never lose or duplicate points.
/// </summary>
/// <remarks>
/// This type is thread-safe. Create it once per database with <see cref="Open(SqliteLedgerStoreOptions)"/> (which
/// creates or migrates the schema) and share it; dispose it to close its connections.
/// </remarks>
public sealed class SqliteLedgerStore : ILedgerStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteLedgerStoreOptions _options;
    private readonly ConcurrentBag<SqliteSession> _idle = new();
    private readonly CommittedAccountCache _committed;
    private volatile bool _disposed;

    private SqliteLedgerStore(string connectionString, SqliteLedgerStoreOptions options)
    {
        _connectionString = connectionString;
        _options = options;
        _committed = new CommittedAccountCache(options.CachedAccounts);
    }

    /// <summary>Gets the schema version of the database (the number of migrations applied).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>Gets the newest schema version this library knows.</summary>
    public static int LatestSchemaVersion => SqliteSchema.LatestVersion;

    /// <summary>Opens (creating if allowed) a database file with the default options.</summary>
    /// <param name="dataSource">The path of the database file.</param>
    /// <returns>The store.</returns>
    /// <exception cref="LedgerStoreException">The database cannot be used: see <see cref="Open(SqliteLedgerStoreOptions)"/>.</exception>
    public static SqliteLedgerStore Open(string dataSource) => Open(new SqliteLedgerStoreOptions { DataSource = dataSource });

    /// <summary>Opens a database, creating it and its schema or migrating the schema to the latest version.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="SqliteLedgerStoreOptions.DataSource"/> is missing.</exception>
    /// <exception cref="LedgerStoreException">
    /// The file is missing (and may not be created), read-only, not a database, or has a newer schema. Nothing was changed.
    /// </exception>
    public static SqliteLedgerStore Open(SqliteLedgerStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = options.DataSource,
            Mode = options.CreateIfMissing ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,

            // See SqliteSession.BusyTimeoutMilliseconds: the first busy answer is final.
            DefaultTimeout = SqliteSession.CommandTimeoutSeconds(options.BusyTimeout),
        };
        var store = new SqliteLedgerStore(builder.ToString(), options);
        try
        {
            store.Use(session => store.SchemaVersion = SqliteSchema.Migrate(session, options.DataSource));
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<LedgerContext>(_committed.TryAnswer(request, out var held) ? held : Use(session => SqliteQueries.Load(session, request)));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerContext>> LoadManyAsync(IReadOnlyList<LedgerLoadRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<LedgerContext>>(Use(session => SqliteQueries.LoadMany(session, requests)));
    }

    /// <inheritdoc />
    public ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        return CommitAndRecord([changes]);
    }

    /// <inheritdoc />
    public ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        return CommitAndRecord(changes);
    }

    private ValueTask<CommitStatus> CommitAndRecord(IReadOnlyList<LedgerChangeSet> changes)
    {
        CommitStatus status;
        try
        {
            status = Use(session => Commit(session, changes), commit: true);
        }
        catch
        {
            _committed.Record(changes, null); // committed or not, the next load reads what is stored
            throw;
        }

        _committed.Record(changes, status);
        return new ValueTask<CommitStatus>(status);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesBySequenceAsync(ProgramId programId, MemberId memberId, long fromSequence, long toSequence, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<LedgerEntry>>(Use(session => FindAccount(session, programId, memberId) is { } account
            ? ReadEntries(session.Statement(SelectEntriesBySequence, SequenceRangeParameters).Bind(1, account).Bind(2, fromSequence).Bind(3, toSequence), programId, memberId)
            : []));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesUpToAsync(ProgramId programId, MemberId memberId, Instant effectiveUpTo, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<LedgerEntry>>(Use(session => FindAccount(session, programId, memberId) is { } account
            ? ReadEntries(session.Statement(SelectEntriesUpTo, UpToParameters).Bind(1, account).Bind(2, ToColumn(effectiveUpTo)), programId, memberId)
            : []));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<Lot>>(Use(session => FindAccount(session, programId, memberId) is { } account
            ? ReadLots(session, SelectAllLots, programId, memberId, account)
            : []));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, Instant? dueAtOrBefore = null, CancellationToken cancellationToken = default) =>
        ScanPage(dueAtOrBefore is null ? SelectAccountsPage : SelectDueAccounts, programId, dueAtOrBefore, afterMember, pageSize, cancellationToken);

    private ValueTask<IReadOnlyList<AccountState>> ScanPage(string sql, ProgramId programId, Instant? due, MemberId? afterMember, int pageSize, CancellationToken cancellationToken)
    {
        if (pageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be greater than zero.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<AccountState>>(Use(session =>
        {
            // One read transaction: the page and its accounts' lots are one snapshot.
            using var transaction = session.Connection.BeginTransaction(deferred: true);
            if (session.FindProgram(programId) is not { } program)
            {
                return (IReadOnlyList<AccountState>)[];
            }

            var select = due is { } dueAt
                ? session.Statement(sql, DuePageParameters).Bind(1, program).Bind(2, ToColumn(dueAt)).Bind(3, afterMember?.Value ?? string.Empty).Bind(4, pageSize)
                : session.Statement(sql, PageParameters).Bind(1, program).Bind(2, afterMember?.Value ?? string.Empty).Bind(3, pageSize);
            var page = ReadStates(select, programId, session).ConvertAll(row => row.State);
            transaction.Commit();
            return (IReadOnlyList<AccountState>)page;
        }));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be greater than zero.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<AccountState>>(Use(session => SqliteQueries.ClaimAccountsDue(session, programId, dueAtOrBefore, now, batchSize, lease), commit: true));
    }

    /// <summary>Closes every connection of the store.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RewardClaim>> ReadClaimsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<RewardClaim>>(Use(session => ReadClaims(Command(session, null, SelectClaims, programId, memberId), programId, memberId)));
    }

    /// <inheritdoc />
    public ValueTask<RewardClaim?> FindClaimByVoucherAsync(ProgramId programId, string voucherCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voucherCode);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<RewardClaim?>(Use(session =>
        {
            var select = session.Command(SelectClaimByVoucher);
            select.Set("$p", programId.Value);
            select.Set("$code", voucherCode);
            return ReadClaims(select, programId, default) is [var found] ? found : null;
        }));
    }

    /// <inheritdoc />
    public ValueTask<RewardStock?> ReadStockAsync(ProgramId programId, string rewardId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewardId);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<RewardStock?>(Use(session => ReadStock(session, null, programId, rewardId)));
    }

    /// <inheritdoc />
    public ValueTask<RewardStock?> AddStockAsync(ProgramId programId, string rewardId, long quantity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewardId);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<RewardStock?>(Use(session => SqliteQueries.AddToStock(session, programId, rewardId, quantity), commit: true));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MemberPoints>> ReadPointsEarnedAsync(ProgramId programId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<MemberPoints>>(Use(session => SqliteQueries.ReadPointsEarned(session, programId, from, to)));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(ProgramId programId, EventCursor after, int maxCount, CancellationToken cancellationToken = default)
    {
        if (maxCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "The count must be greater than zero.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<OutboxEvent>>(Use(session => SqliteQueries.ReadEvents(session, programId, after, maxCount)));
    }

    /// <inheritdoc />
    public ValueTask<long> PruneEventsAsync(ProgramId programId, Instant occurredBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<long>(Use(session =>
        {
            if (session.FindProgram(programId) is not { } program)
            {
                return 0L;
            }

            using var transaction = session.Connection.BeginTransaction(deferred: false);
            var prune = session.Command(PruneEvents);
            prune.Transaction = transaction;
            prune.Set("$g", program);
            prune.Set("$p", programId.Value);
            prune.Set("$before", ToColumn(occurredBefore));
            long deleted = prune.ExecuteNonQuery();
            transaction.Commit();
            return deleted;
        }, commit: true));
    }

    /// <inheritdoc />
    public ValueTask<EventCursor> ReadConsumerCursorAsync(ProgramId programId, string consumer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<EventCursor>(Use(session =>
        {
            var select = session.Command(SelectCursor);
            select.Set("$p", programId.Value);
            select.Set("$c", consumer);
            using var reader = select.ExecuteReader();
            return reader.Read() ? new EventCursor(reader.GetInt64(0), reader.GetInt64(1)) : EventCursor.Start;
        }));
    }

    /// <inheritdoc />
    public ValueTask SaveConsumerCursorAsync(ProgramId programId, string consumer, EventCursor cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        cancellationToken.ThrowIfCancellationRequested();
        Use(session =>
        {
            var upsert = session.Command(UpsertCursor);
            upsert.Set("$p", programId.Value);
            upsert.Set("$c", consumer);
            upsert.Set("$tx", cursor.Transaction);
            upsert.Set("$pos", cursor.Position);
            return upsert.ExecuteNonQuery();
        }, commit: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Maps SQLite's result codes to the documented failures. A transaction that fails before its COMMIT is rolled back
    /// whole; only an I/O, disk or corruption error while committing may leave the commit's WAL frames on disk.
    /// </summary>
    private static LedgerStoreException Translate(SqliteLedgerStoreOptions options, SqliteException ex, bool commit)
    {
        var (failure, message) = ex.SqliteErrorCode switch
        {
            5 or 6 => (LedgerStoreFailure.Busy, $"The database '{options.DataSource}' stayed locked by another writer for longer than the busy timeout ({options.BusyTimeout.TotalSeconds:0.###} s); nothing was written."),
            19 => (LedgerStoreFailure.Constraint, $"A constraint failed in '{options.DataSource}': {ex.Message}; nothing was written."),
            8 or 14 or 23 or 26 => (LedgerStoreFailure.Unavailable, Explain(options, ex)),
            9 => (LedgerStoreFailure.Timeout, $"A statement on '{options.DataSource}' was interrupted: {ex.Message}"),
            _ => (LedgerStoreFailure.Storage, $"The database '{options.DataSource}' failed: {ex.Message}"),
        };
        var mayHaveCommitted = commit && failure is LedgerStoreFailure.Storage or LedgerStoreFailure.Timeout;
        return new LedgerStoreException(failure, mayHaveCommitted, mayHaveCommitted ? message + " The commit may have reached the disk: run the command again with the same key." : message, ex);
    }

    private static string Explain(SqliteLedgerStoreOptions options, SqliteException ex) => ex.SqliteErrorCode switch
    {
        8 => $"The database '{options.DataSource}' is read-only; the ledger store needs write access to the file and its folder (for the WAL files).",
        14 => options.CreateIfMissing
            ? $"The database '{options.DataSource}' cannot be opened or created: check that its folder exists and is writable."
            : $"The database '{options.DataSource}' does not exist and CreateIfMissing is false.",
        26 => $"The file '{options.DataSource}' is not a SQLite database.",
        _ => $"The database '{options.DataSource}' cannot be used: {ex.Message}",
    };

    /// <summary>
    /// Runs work on an idle session (or a new one). Every provider error becomes a <see cref="LedgerStoreException"/>
    /// whose kind says whether <paramref name="commit"/> work may have reached the disk.
    /// </summary>
    private T Use<T>(Func<SqliteSession, T> work, bool commit = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        SqliteSession? session = null;
        var healthy = false;
        try
        {
            session = _idle.TryTake(out var idle) ? idle : new SqliteSession(_connectionString, _options);
            var result = work(session);
            healthy = true;
            return result;
        }
        catch (SqliteException ex)
        {
            throw Translate(_options, ex, commit);
        }
        finally
        {
            // A session whose work failed may hold an open transaction or a broken statement: close it rather than reuse it.
            if (healthy && !_disposed)
            {
                _idle.Add(session!);
            }
            else
            {
                session?.Dispose();
            }
        }
    }
}
