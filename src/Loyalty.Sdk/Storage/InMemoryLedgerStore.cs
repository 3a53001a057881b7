using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// A thread-safe ledger store in process memory, for tests, prototypes and single-process hosts that need no
/// durability. Commits are atomic per account: the version check, the idempotency-key insert and every write
/// happen under the account's lock.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private static readonly Comparer<string> CodePointOrder = Comparer<string>.Create(Guard.CompareCodePoints);

    private readonly ConcurrentDictionary<(ProgramId, MemberId), Account> _accounts = new();
    private readonly ConcurrentDictionary<(ProgramId, IdempotencyKey), IdempotencyRecord> _keys = new();
    private readonly ConcurrentDictionary<ProgramId, SortedSet<string>> _members = new();
    private readonly Dictionary<(ProgramId, MemberId), Instant> _claims = new();

    // Keys are unique per program across members, so inserting them is serialised store-wide (a short section).
    private readonly object _keysLock = new();

    /// <inheritdoc />
    public ValueTask<IdempotencyRecord?> FindIdempotencyRecordAsync(ProgramId programId, IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IdempotencyRecord?>(_keys.GetValueOrDefault((programId, key)));
    }

    /// <inheritdoc />
    public ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var record = request.CommandKey is { } commandKey ? _keys.GetValueOrDefault((request.ProgramId, commandKey)) : null;
        if (!_accounts.TryGetValue((request.ProgramId, request.MemberId), out var account))
        {
            return new ValueTask<LedgerContext>(new LedgerContext(AccountState.Empty(request.ProgramId, request.MemberId), null, null, [], record));
        }

        lock (account)
        {
            var accrual = request.OrderId is { } orderId ? account.Accruals.GetValueOrDefault(orderId) : null;
            RedemptionRecord? redemption = null;
            IReadOnlyList<Lot> lots = [];
            if (request.RedemptionKey is { } key && account.Redemptions.TryGetValue(key, out redemption))
            {
                var found = new List<Lot>(redemption.Allocations.Count);
                foreach (var allocation in redemption.Allocations)
                {
                    found.Add(account.Lots[allocation.LotId]);
                }

                found.Sort((x, y) => x.Id.CompareTo(y.Id));
                lots = found;
            }

            return new ValueTask<LedgerContext>(new LedgerContext(account.State, accrual, redemption, lots, record));
        }
    }

    /// <inheritdoc />
    public ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        var state = changes.NewState;
        var account = _accounts.GetOrAdd((state.ProgramId, state.MemberId), static key => new Account(AccountState.Empty(key.Item1, key.Item2)));
        lock (account)
        {
            if (account.State.Version != changes.ExpectedVersion)
            {
                return new ValueTask<CommitStatus>(CommitStatus.VersionConflict);
            }

            lock (_keysLock)
            {
                if (!_keys.TryAdd((state.ProgramId, changes.Idempotency.Key), changes.Idempotency))
                {
                    return new ValueTask<CommitStatus>(CommitStatus.DuplicateKey);
                }
            }

            Apply(account, changes);
        }

        return new ValueTask<CommitStatus>(CommitStatus.Committed);
    }

    /// <inheritdoc />
    public ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();

        // Lock every account involved, in one global order (no deadlock between batches), then check everything
        // before writing anything: the batch is all or nothing.
        var accounts = new SortedDictionary<(ProgramId, MemberId), Account>(Comparer<(ProgramId, MemberId)>.Create((x, y) =>
        {
            var byProgram = x.Item1.CompareTo(y.Item1);
            return byProgram != 0 ? byProgram : x.Item2.CompareTo(y.Item2);
        }));
        foreach (var change in changes)
        {
            var key = (change.NewState.ProgramId, change.NewState.MemberId);
            accounts.TryAdd(key, _accounts.GetOrAdd(key, static k => new Account(AccountState.Empty(k.Item1, k.Item2))));
        }

        var locked = new List<Account>(accounts.Count);
        try
        {
            foreach (var account in accounts.Values)
            {
                Monitor.Enter(account);
                locked.Add(account);
            }

            var versions = new Dictionary<(ProgramId, MemberId), long>();
            foreach (var change in changes)
            {
                var key = (change.NewState.ProgramId, change.NewState.MemberId);
                var current = versions.TryGetValue(key, out var chained) ? chained : accounts[key].State.Version;
                if (current != change.ExpectedVersion)
                {
                    return new ValueTask<CommitStatus>(CommitStatus.VersionConflict);
                }

                versions[key] = change.NewState.Version;
            }

            // Every key is checked and inserted in one step, before anything else is written.
            lock (_keysLock)
            {
                var batchKeys = new HashSet<(ProgramId, IdempotencyKey)>();
                foreach (var change in changes)
                {
                    var key = (change.NewState.ProgramId, change.Idempotency.Key);
                    if (_keys.ContainsKey(key) || !batchKeys.Add(key))
                    {
                        return new ValueTask<CommitStatus>(CommitStatus.DuplicateKey);
                    }
                }

                foreach (var change in changes)
                {
                    _keys[(change.NewState.ProgramId, change.Idempotency.Key)] = change.Idempotency;
                }
            }

            foreach (var change in changes)
            {
                Apply(accounts[(change.NewState.ProgramId, change.NewState.MemberId)], change);
            }
        }
        finally
        {
            foreach (var account in locked)
            {
                Monitor.Exit(account);
            }
        }

        return new ValueTask<CommitStatus>(CommitStatus.Committed);
    }

    /// <summary>Writes one change set into its (locked) account.</summary>
    private void Apply(Account account, LedgerChangeSet changes)
    {
        var state = changes.NewState;
        account.Entries.AddRange(changes.Entries);
        foreach (var lot in changes.Lots)
        {
            account.Lots[lot.Id] = lot;
        }

        if (changes.Accrual is { } accrual)
        {
            account.Accruals[accrual.OrderId] = accrual;
        }

        if (changes.Redemption is { } redemption)
        {
            account.Redemptions[redemption.Key] = redemption;
        }

        if (changes.ExpectedVersion == 0)
        {
            var members = _members.GetOrAdd(state.ProgramId, static _ => new SortedSet<string>(CodePointOrder));
            lock (members)
            {
                members.Add(state.MemberId.Value);
            }
        }

        account.State = state;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesBySequenceAsync(ProgramId programId, MemberId memberId, long fromSequence, long toSequence, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accounts.TryGetValue((programId, memberId), out var account))
        {
            return new ValueTask<IReadOnlyList<LedgerEntry>>(Array.Empty<LedgerEntry>());
        }

        lock (account)
        {
            var first = (int)Math.Max(1, fromSequence);
            var last = (int)Math.Min(account.Entries.Count, toSequence);
            var result = last >= first ? account.Entries.GetRange(first - 1, last - first + 1).ToArray() : [];
            return new ValueTask<IReadOnlyList<LedgerEntry>>(result);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesUpToAsync(ProgramId programId, MemberId memberId, Instant effectiveUpTo, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accounts.TryGetValue((programId, memberId), out var account))
        {
            return new ValueTask<IReadOnlyList<LedgerEntry>>(Array.Empty<LedgerEntry>());
        }

        lock (account)
        {
            var result = account.Entries.FindAll(e => e.At <= effectiveUpTo);
            return new ValueTask<IReadOnlyList<LedgerEntry>>(result);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accounts.TryGetValue((programId, memberId), out var account))
        {
            return new ValueTask<IReadOnlyList<Lot>>(Array.Empty<Lot>());
        }

        lock (account)
        {
            var lots = new List<Lot>(account.Lots.Values);
            lots.Sort((x, y) => x.Id.CompareTo(y.Id));
            return new ValueTask<IReadOnlyList<Lot>>(lots);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, CancellationToken cancellationToken = default) =>
        Scan(programId, afterMember, pageSize, static _ => true, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccountState>> ScanAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, MemberId? afterMember, int pageSize, CancellationToken cancellationToken = default) =>
        Scan(programId, afterMember, pageSize, state => state.NextDueAt is { } next && next <= dueAtOrBefore, cancellationToken);

    private ValueTask<IReadOnlyList<AccountState>> Scan(ProgramId programId, MemberId? afterMember, int pageSize, Func<AccountState, bool> include, CancellationToken cancellationToken)
    {
        Guard.Positive(pageSize);
        cancellationToken.ThrowIfCancellationRequested();
        var page = new List<AccountState>(Math.Min(pageSize, 1024));
        if (!_members.TryGetValue(programId, out var members))
        {
            return new ValueTask<IReadOnlyList<AccountState>>(page);
        }

        string[] candidates;
        lock (members)
        {
            candidates = [.. members];
        }

        var start = 0;
        if (afterMember is { } after)
        {
            start = Array.BinarySearch(candidates, after.Value, CodePointOrder);
            start = start >= 0 ? start + 1 : ~start;
        }

        for (var i = start; i < candidates.Length && page.Count < pageSize; i++)
        {
            var state = _accounts[(programId, MemberId.From(candidates[i]))].State;
            if (include(state))
            {
                page.Add(state);
            }
        }

        return new ValueTask<IReadOnlyList<AccountState>>(page);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default)
    {
        Guard.Positive(batchSize);
        cancellationToken.ThrowIfCancellationRequested();
        var claimed = new List<AccountState>();
        if (!_members.TryGetValue(programId, out var members))
        {
            return new ValueTask<IReadOnlyList<AccountState>>(claimed);
        }

        string[] candidates;
        lock (members)
        {
            candidates = [.. members];
        }

        lock (_claims)
        {
            foreach (var id in candidates)
            {
                var member = MemberId.From(id);
                var state = _accounts[(programId, member)].State;
                if (state.NextDueAt is not { } next || next > dueAtOrBefore ||
                    (_claims.TryGetValue((programId, member), out var until) && until > now))
                {
                    continue;
                }

                _claims[(programId, member)] = now + lease;
                claimed.Add(state);
                if (claimed.Count == batchSize)
                {
                    break;
                }
            }
        }

        return new ValueTask<IReadOnlyList<AccountState>>(claimed);
    }

    private sealed class Account(AccountState state)
    {
        public AccountState State { get; set; } = state;

        public List<LedgerEntry> Entries { get; } = new();

        public Dictionary<long, Lot> Lots { get; } = new();

        public Dictionary<string, OrderAccrual> Accruals { get; } = new(StringComparer.Ordinal);

        public Dictionary<IdempotencyKey, RedemptionRecord> Redemptions { get; } = new();
    }
}
