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
using static Loyalty.Sdk.Storage.Sqlite.SqliteDialect;

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
    private volatile bool _disposed;

    private SqliteLedgerStore(string connectionString, SqliteLedgerStoreOptions options)
    {
        _connectionString = connectionString;
        _options = options;
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
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            throw new ArgumentException("SqliteLedgerStoreOptions.DataSource (the database file) is required.", nameof(options));
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "SqliteLedgerStoreOptions.BusyTimeout must be between zero and one hour.");
        }

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
        return new ValueTask<LedgerContext>(Use(session =>
        {
            // One read transaction: a consistent snapshot of the account, its lots and records (WAL readers never block).
            using var transaction = session.Connection.BeginTransaction(deferred: true);
            var record = request.CommandKey is { } commandKey ? ReadIdempotency(session, transaction, request.ProgramId, request.MemberId, commandKey) : null;
            var stock = request.RewardId is { } rewardId ? ReadStock(session, transaction, request.ProgramId, rewardId) : null;
            QuotaCount? quota = null;
            if (request.QuotaKey is { } quotaKey)
            {
                var select = session.Command(SelectQuota);
                select.Transaction = transaction;
                select.Set("$p", request.ProgramId.Value);
                select.Set("$q", quotaKey);
                quota = new QuotaCount(quotaKey, select.ExecuteScalar() is long used ? used : 0);
            }

            var state = ReadAccount(session, transaction, request.ProgramId, request.MemberId);
            if (!state.Exists)
            {
                return new LedgerContext(state, null, null, [], record, null, stock, quota);
            }

            RewardClaim? claim = null;
            if (request.ClaimKey is { } claimKey)
            {
                var select = Command(session, transaction, SelectClaim, request.ProgramId, request.MemberId);
                select.Set("$k", claimKey.Value);
                claim = ReadClaims(select, request.ProgramId, request.MemberId) is [var found1] ? found1 : null;
            }
            else if (request.VoucherCode is { } code)
            {
                var select = Command(session, transaction, SelectClaimByVoucher, request.ProgramId, request.MemberId);
                select.Set("$code", code);
                claim = ReadClaims(select, request.ProgramId, request.MemberId) is [var found2] ? found2 : null;
            }

            var accrual = request.OrderId is { } orderId ? ReadAccrual(session, transaction, request.ProgramId, request.MemberId, orderId) : null;
            RedemptionRecord? redemption = null;
            var lots = new List<Lot>();
            if (request.RedemptionKey is { } key && ReadRedemption(session, transaction, request.ProgramId, request.MemberId, key) is { } found)
            {
                redemption = found;
                foreach (var allocation in found.Allocations)
                {
                    var command = Command(session, transaction, SelectLot, request.ProgramId, request.MemberId);
                    command.Set("$id", allocation.LotId);
                    using var reader = command.ExecuteReader();
                    if (reader.Read())
                    {
                        lots.Add(ReadLot(reader, request.ProgramId, request.MemberId));
                    }
                }

                lots.Sort((x, y) => x.Id.CompareTo(y.Id));
            }

            transaction.Commit();
            return new LedgerContext(state, accrual, redemption, lots, record, claim, stock, quota);
        }));
    }

    /// <inheritdoc />
    public ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<CommitStatus>(Use(session => Commit(session, [changes]), commit: true));
    }

    /// <inheritdoc />
    public ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<CommitStatus>(Use(session => Commit(session, changes), commit: true));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesBySequenceAsync(ProgramId programId, MemberId memberId, long fromSequence, long toSequence, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<LedgerEntry>>(Use(session =>
        {
            var command = Command(session, null, SelectEntriesBySequence, programId, memberId);
            command.Set("$from", fromSequence);
            command.Set("$to", toSequence);
            return ReadEntries(command, programId, memberId);
        }));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesUpToAsync(ProgramId programId, MemberId memberId, Instant effectiveUpTo, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<LedgerEntry>>(Use(session =>
        {
            var command = Command(session, null, SelectEntriesUpTo, programId, memberId);
            command.Set("$upTo", ToColumn(effectiveUpTo));
            return ReadEntries(command, programId, memberId);
        }));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<Lot>>(Use(session => ReadLots(session, null, SelectAllLots, programId, memberId)));
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
            using var transaction = session.Connection.BeginTransaction(deferred: true);
            var command = session.Command(sql);
            command.Transaction = transaction;
            command.Set("$p", programId.Value);
            if (due is { } dueAt)
            {
                command.Set("$due", ToColumn(dueAt));
            }

            command.Set("$after", afterMember?.Value ?? string.Empty);
            command.Set("$limit", pageSize);
            var page = new List<AccountState>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    page.Add(ReadState(reader, 1, programId, MemberId.From(reader.GetString(0))));
                }
            }

            for (var i = 0; i < page.Count; i++)
            {
                page[i] = page[i] with { OpenLots = ReadLots(session, transaction, SelectOpenLots, programId, page[i].MemberId) };
            }

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
        return new ValueTask<IReadOnlyList<AccountState>>(Use(session =>
        {
            // IMMEDIATE: claimers (in this process or others) are serialised, so their batches are disjoint.
            using var transaction = session.Connection.BeginTransaction(deferred: false);
            var select = session.Command(SelectClaimable);
            select.Transaction = transaction;
            select.Set("$p", programId.Value);
            select.Set("$due", ToColumn(dueAtOrBefore));
            select.Set("$now", ToColumn(now));
            select.Set("$limit", batchSize);
            var claimed = new List<AccountState>();
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    claimed.Add(ReadState(reader, 1, programId, MemberId.From(reader.GetString(0))));
                }
            }

            for (var i = 0; i < claimed.Count; i++)
            {
                var claim = Command(session, transaction, ClaimAccount, programId, claimed[i].MemberId);
                claim.Set("$until", ToColumn(now + lease));
                claim.ExecuteNonQuery();
                claimed[i] = claimed[i] with { OpenLots = ReadLots(session, transaction, SelectOpenLots, programId, claimed[i].MemberId) };
            }

            transaction.Commit();
            return (IReadOnlyList<AccountState>)claimed;
        }, commit: true));
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

    private static CommitStatus Commit(SqliteSession session, IReadOnlyList<LedgerChangeSet> changes)
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
    private static CommitStatus Apply(SqliteSession session, SqliteTransaction transaction, LedgerChangeSet changes)
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
            var insert = Command(session, transaction, InsertEvent, p, m);
            insert.Set("$e", e.EventId);
            insert.Set("$type", e.Type);
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

    private static RewardStock? ReadStock(SqliteSession session, SqliteTransaction? transaction, ProgramId programId, string rewardId)
    {
        var select = session.Command(SelectStock);
        select.Transaction = transaction;
        select.Set("$p", programId.Value);
        select.Set("$r", rewardId);
        using var reader = select.ExecuteReader();
        return reader.Read() ? new RewardStock(rewardId, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    private static List<RewardClaim> ReadClaims(SqliteCommand command, ProgramId programId, MemberId memberId)
    {
        var claims = new List<RewardClaim>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var member = reader.FieldCount > 2 ? MemberId.From(reader.GetString(2)) : memberId;
            claims.Add(LedgerStorageFormat.ReadClaim(programId, member, IdempotencyKey.From(reader.GetString(0)), reader.GetString(1)));
        }

        return claims;
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
        return new ValueTask<RewardStock?>(Use(session =>
        {
            using var transaction = session.Connection.BeginTransaction(deferred: false);
            var add = session.Command(quantity < 0 ? RemoveStock : AddStock);
            add.Transaction = transaction;
            add.Set("$p", programId.Value);
            add.Set("$r", rewardId);
            add.Set("$q", quantity);
            RewardStock? result = null;
            using (var reader = add.ExecuteReader())
            {
                if (reader.Read())
                {
                    result = new RewardStock(rewardId, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
                }
            }

            transaction.Commit();
            return result;
        }, commit: true));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MemberPoints>> ReadPointsEarnedAsync(ProgramId programId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<MemberPoints>>(Use(session =>
        {
            var select = session.Command(SelectPointsEarned);
            select.Set("$p", programId.Value);
            select.Set("$from", ToColumn(from));
            select.Set("$to", ToColumn(to));
            var totals = new List<MemberPoints>();
            try
            {
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    totals.Add(new MemberPoints(MemberId.From(reader.GetString(0)), reader.GetInt64(1)));
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 1 && ex.Message.Contains("integer overflow", StringComparison.Ordinal))
            {
                // Only data written past the engine's bounds gets here: sum the rows in 128 bits instead.
                var rows = session.Command(SelectPointsEarnedRows);
                rows.Set("$p", programId.Value);
                rows.Set("$from", ToColumn(from));
                rows.Set("$to", ToColumn(to));
                var sums = new Dictionary<string, Int128>(StringComparer.Ordinal);
                using var reader = rows.ExecuteReader();
                while (reader.Read())
                {
                    var member = reader.GetString(0);
                    sums[member] = sums.GetValueOrDefault(member) + reader.GetInt64(1);
                }

                totals.Clear();
                foreach (var (member, sum) in sums)
                {
                    if (sum > 0)
                    {
                        totals.Add(new MemberPoints(MemberId.From(member), sum > long.MaxValue ? long.MaxValue : (long)sum));
                    }
                }
            }

            return (IReadOnlyList<MemberPoints>)totals;
        }));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(ProgramId programId, EventCursor after, int maxCount, CancellationToken cancellationToken = default)
    {
        if (maxCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "The count must be greater than zero.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<OutboxEvent>>(Use(session =>
        {
            var select = session.Command(SelectEvents);
            select.Set("$p", programId.Value);
            select.Set("$after", after.Position);
            select.Set("$limit", maxCount);
            var events = new List<OutboxEvent>();
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                events.Add(new OutboxEvent(new EventCursor(0, reader.GetInt64(0)), LoyaltyEvent.FromJson(reader.GetString(1))));
            }

            return (IReadOnlyList<OutboxEvent>)events;
        }));
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

    private static void WriteAccrual(SqliteSession session, SqliteTransaction transaction, OrderAccrual accrual)
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
        upsert.Set("$lines", ToJson(accrual.Lines));
        upsert.ExecuteNonQuery();
    }

    private static void WriteRedemption(SqliteSession session, SqliteTransaction transaction, RedemptionRecord redemption)
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

    private static IdempotencyRecord? ReadIdempotency(SqliteSession session, SqliteTransaction? transaction, ProgramId programId, MemberId memberId, IdempotencyKey key)
    {
        var command = session.Command(SelectIdempotency);
        command.Transaction = transaction;
        command.Set("$p", programId.Value);
        command.Set("$m", memberId.Value);
        command.Set("$k", key.Value);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new IdempotencyRecord
        {
            ProgramId = programId,
            Key = key,
            MemberId = MemberId.From(reader.GetString(0)),
            Fingerprint = ToFingerprint((byte[])reader.GetValue(1)),
            FirstSequence = reader.GetInt64(2),
            LastSequence = reader.GetInt64(3),
            Version = reader.GetInt64(4),
            Balance = new AccountBalance(
                ToInstant(reader.GetInt64(5)),
                Points.FromInt64(reader.GetInt64(6)),
                Points.FromInt64(reader.GetInt64(7)),
                Points.FromInt64(reader.GetInt64(8)),
                Points.FromInt64(reader.GetInt64(9))),
            RecordedAt = ToInstant(reader.GetInt64(10)),
        };
    }

    private static AccountState ReadAccount(SqliteSession session, SqliteTransaction transaction, ProgramId programId, MemberId memberId)
    {
        AccountState state;
        using (var reader = Command(session, transaction, SelectAccount, programId, memberId).ExecuteReader())
        {
            if (!reader.Read())
            {
                return AccountState.Empty(programId, memberId);
            }

            state = ReadState(reader, 0, programId, memberId);
        }

        return state with { OpenLots = ReadLots(session, transaction, SelectOpenLots, programId, memberId) };
    }

    private static AccountState ReadState(SqliteDataReader reader, int first, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Version = reader.GetInt64(first),
        LastSequence = reader.GetInt64(first + 1),
        Debt = Points.FromInt64(reader.GetInt64(first + 2)),
        LastRecordedAt = ToNullableInstant(reader, first + 3),
        LastActivityAt = ToNullableInstant(reader, first + 4),
        NextDueAt = ToNullableInstant(reader, first + 5),
        Counters = LedgerStorageFormat.ReadCounters(reader.GetString(first + 6)),
        Tier = LedgerStorageFormat.ReadTier(reader.GetString(first + 7)),
        Profile = LedgerStorageFormat.ReadProfile(reader.GetString(first + 8)),
    };

    private static List<Lot> ReadLots(SqliteSession session, SqliteTransaction? transaction, string sql, ProgramId programId, MemberId memberId)
    {
        var lots = new List<Lot>();
        using var reader = Command(session, transaction, sql, programId, memberId).ExecuteReader();
        while (reader.Read())
        {
            lots.Add(ReadLot(reader, programId, memberId));
        }

        return lots;
    }

    private static Lot ReadLot(SqliteDataReader reader, ProgramId programId, MemberId memberId) => new()
    {
        ProgramId = programId,
        MemberId = memberId,
        Id = reader.GetInt64(0),
        Points = Points.FromInt64(reader.GetInt64(1)),
        Remaining = Points.FromInt64(reader.GetInt64(2)),
        CreatedAt = ToInstant(reader.GetInt64(3)),
        AvailableAt = ToInstant(reader.GetInt64(4)),
        ExpiresAt = ToNullableInstant(reader, 5),
        OrderId = ToNullableString(reader, 6),
    };

    private static OrderAccrual? ReadAccrual(SqliteSession session, SqliteTransaction transaction, ProgramId programId, MemberId memberId, string orderId)
    {
        var command = Command(session, transaction, SelectAccrual, programId, memberId);
        command.Set("$o", orderId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new OrderAccrual
        {
            ProgramId = programId,
            MemberId = memberId,
            OrderId = orderId,
            EarnSequence = reader.GetInt64(0),
            LotId = reader.IsDBNull(1) ? null : reader.GetInt64(1),
            OrderedAt = ToInstant(reader.GetInt64(2)),
            Currency = CurrencyCode.Parse(reader.GetString(3)),
            ExchangeRate = ToDecimal(reader.GetString(4)),
            TotalPoints = Points.FromInt64(reader.GetInt64(5)),
            ReversedPoints = Points.FromInt64(reader.GetInt64(6)),
            Lines = ToAccrualLines(reader.GetString(7)),
        };
    }

    private static RedemptionRecord? ReadRedemption(SqliteSession session, SqliteTransaction transaction, ProgramId programId, MemberId memberId, IdempotencyKey key)
    {
        var command = Command(session, transaction, SelectRedemption, programId, memberId);
        command.Set("$k", key.Value);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new RedemptionRecord
        {
            ProgramId = programId,
            MemberId = memberId,
            Key = key,
            Sequence = reader.GetInt64(0),
            OrderId = ToNullableString(reader, 1),
            At = ToInstant(reader.GetInt64(2)),
            Points = Points.FromInt64(reader.GetInt64(3)),
            RefundedPoints = Points.FromInt64(reader.GetInt64(4)),
            Allocations = ToAllocations(reader.GetString(5)),
        };
    }

    private static List<LedgerEntry> ReadEntries(SqliteCommand command, ProgramId programId, MemberId memberId)
    {
        var entries = new List<LedgerEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new LedgerEntry
            {
                ProgramId = programId,
                MemberId = memberId,
                Sequence = reader.GetInt64(0),
                Kind = (LedgerEntryKind)reader.GetInt32(1),
                Amount = Points.FromInt64(reader.GetInt64(2)),
                At = ToInstant(reader.GetInt64(3)),
                RecordedAt = ToInstant(reader.GetInt64(4)),
                CommandKey = IdempotencyKey.From(reader.GetString(5)),
                OrderId = ToNullableString(reader, 6),
                ActivityType = ToNullableString(reader, 7),
                RedemptionKey = reader.IsDBNull(8) ? null : IdempotencyKey.From(reader.GetString(8)),
                Reason = ToNullableString(reader, 9),
                Movements = ToMovements(reader.GetString(10)),
                DebtChange = Points.FromInt64(reader.GetInt64(11)),
                WrittenOff = Points.FromInt64(reader.GetInt64(12)),
                Tier = ToNullableString(reader, 13),
                Qualifying = LedgerStorageFormat.ReadQualifying(ToNullableString(reader, 14)),
            });
        }

        return entries;
    }

    private static SqliteCommand Command(SqliteSession session, SqliteTransaction? transaction, string sql, ProgramId programId, MemberId memberId)
    {
        var command = session.Command(sql);
        command.Transaction = transaction;
        command.Set("$p", programId.Value);
        command.Set("$m", memberId.Value);
        return command;
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
