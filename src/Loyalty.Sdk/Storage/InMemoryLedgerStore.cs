using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
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
    private static readonly Comparer<string> CodePointOrder = Comparer<string>.Create(LedgerStorageFormat.CompareCodePoints);

    private readonly ConcurrentDictionary<(ProgramId, MemberId), Account> _accounts = new();
    private readonly ConcurrentDictionary<(ProgramId, MemberId, IdempotencyKey), IdempotencyRecord> _keys = new();
    private readonly ConcurrentDictionary<ProgramId, SortedSet<string>> _members = new();
    private readonly Dictionary<(ProgramId, MemberId), Instant> _claims = new();

    // Keys, stock, voucher codes and the outbox are shared across members: checking and writing them is serialised
    // store-wide (a short section), and a commit's account changes become visible inside the same section.
    private readonly object _keysLock = new();
    private readonly Dictionary<(ProgramId, string), RewardStock> _stock = new();
    private readonly Dictionary<(ProgramId, string), long> _quotas = new();
    private readonly Dictionary<(ProgramId, string), (MemberId Member, IdempotencyKey Claim)> _vouchers = new();
    private readonly Dictionary<ProgramId, List<OutboxEvent>> _outbox = new();
    private readonly HashSet<(ProgramId, string)> _eventIds = new();
    private readonly Dictionary<(ProgramId, string), EventCursor> _cursors = new();
    private long _position;

    /// <inheritdoc />
    public ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var record = request.CommandKey is { } commandKey ? _keys.GetValueOrDefault((request.ProgramId, request.MemberId, commandKey)) : null;
        RewardStock? stock = null;
        QuotaCount? quota = null;
        var claimKey = request.ClaimKey;
        lock (_keysLock)
        {
            if (request.RewardId is { } rewardId && _stock.TryGetValue((request.ProgramId, rewardId), out var found))
            {
                stock = found;
            }

            if (request.QuotaKey is { } quotaKey)
            {
                quota = new QuotaCount(quotaKey, _quotas.GetValueOrDefault((request.ProgramId, quotaKey)));
            }

            if (request.VoucherCode is { } code && _vouchers.TryGetValue((request.ProgramId, code), out var voucher) && voucher.Member == request.MemberId)
            {
                claimKey = voucher.Claim;
            }
        }

        if (!_accounts.TryGetValue((request.ProgramId, request.MemberId), out var account))
        {
            return new ValueTask<LedgerContext>(new LedgerContext(AccountState.Empty(request.ProgramId, request.MemberId), null, null, [], record, null, stock, quota));
        }

        lock (account)
        {
            var claim = claimKey is { } ck ? account.Claims.GetValueOrDefault(ck) : null;
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

            return new ValueTask<LedgerContext>(new LedgerContext(account.State, accrual, redemption, lots, record, claim, stock, quota));
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
                if (_keys.ContainsKey((state.ProgramId, state.MemberId, changes.Idempotency.Key)))
                {
                    return new ValueTask<CommitStatus>(CommitStatus.DuplicateKey);
                }

                var shared = CheckShared([changes]);
                if (shared != CommitStatus.Committed)
                {
                    return new ValueTask<CommitStatus>(shared);
                }

                _keys[(state.ProgramId, state.MemberId, changes.Idempotency.Key)] = changes.Idempotency;
                ApplyShared(changes);
                Apply(account, changes);
            }
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
                var batchKeys = new HashSet<(ProgramId, MemberId, IdempotencyKey)>();
                foreach (var change in changes)
                {
                    var key = (change.NewState.ProgramId, change.NewState.MemberId, change.Idempotency.Key);
                    if (_keys.ContainsKey(key) || !batchKeys.Add(key))
                    {
                        return new ValueTask<CommitStatus>(CommitStatus.DuplicateKey);
                    }
                }

                var shared = CheckShared(changes);
                if (shared != CommitStatus.Committed)
                {
                    return new ValueTask<CommitStatus>(shared);
                }

                foreach (var change in changes)
                {
                    _keys[(change.NewState.ProgramId, change.NewState.MemberId, change.Idempotency.Key)] = change.Idempotency;
                    ApplyShared(change);
                    Apply(accounts[(change.NewState.ProgramId, change.NewState.MemberId)], change);
                }
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

    /// <summary>
    /// Checks the store-wide parts of change sets (under the keys lock) before anything is written: stock stays
    /// consistent, voucher codes are unused, event ids are new. Returns Committed when all is well.
    /// </summary>
    /// <exception cref="LedgerStoreException">An event id is already in the outbox (nothing was written).</exception>
    private CommitStatus CheckShared(IReadOnlyList<LedgerChangeSet> changes)
    {
        Dictionary<(ProgramId, string), RewardStock>? stock = null;
        Dictionary<(ProgramId, string), long>? quotas = null;
        HashSet<(ProgramId, string)>? codes = null;
        HashSet<(ProgramId, string)>? ids = null;
        foreach (var change in changes)
        {
            var program = change.NewState.ProgramId;
            if (change.Stock is { } delta)
            {
                stock ??= new();
                var key = (program, delta.RewardId);
                var current = stock.TryGetValue(key, out var pending) ? pending : _stock.GetValueOrDefault(key, new RewardStock(delta.RewardId, 0, 0, 0));
                var next = current with { Reserved = current.Reserved + delta.Reserved, Confirmed = current.Confirmed + delta.Confirmed };
                if (next.Reserved < 0 || next.Confirmed < 0 || next.Available < 0)
                {
                    return CommitStatus.StockConflict;
                }

                stock[key] = next;
            }

            if (change.Quota is { } quota)
            {
                quotas ??= new();
                var key = (program, quota.Key);
                var used = (quotas.TryGetValue(key, out var pending) ? pending : _quotas.GetValueOrDefault(key)) + quota.Delta;
                if (used < 0 || used > quota.Limit)
                {
                    return CommitStatus.StockConflict;
                }

                quotas[key] = used;
            }

            if (change.Claim is { VoucherCode: { } code } claim)
            {
                codes ??= new();
                // A code is taken when another claim owns it, or when another change set of this batch issues it too.
                if (_vouchers.TryGetValue((program, code), out var owner) ? owner.Claim != claim.Key : !codes.Add((program, code)))
                {
                    return CommitStatus.DuplicateKey;
                }
            }

            foreach (var e in change.Events)
            {
                ids ??= new();
                if (_eventIds.Contains((program, e.EventId)) || !ids.Add((program, e.EventId)))
                {
                    throw new LedgerStoreException($"Event '{e.EventId}' is already in the outbox of program '{program}'; nothing was written.");
                }
            }
        }

        return CommitStatus.Committed;
    }

    /// <summary>Writes the store-wide parts of a checked change set (under the keys lock).</summary>
    private void ApplyShared(LedgerChangeSet changes)
    {
        var program = changes.NewState.ProgramId;
        if (changes.Stock is { } delta)
        {
            var key = (program, delta.RewardId);
            var current = _stock.GetValueOrDefault(key, new RewardStock(delta.RewardId, 0, 0, 0));
            _stock[key] = current with { Reserved = current.Reserved + delta.Reserved, Confirmed = current.Confirmed + delta.Confirmed };
        }

        if (changes.Quota is { } quota)
        {
            _quotas[(program, quota.Key)] = _quotas.GetValueOrDefault((program, quota.Key)) + quota.Delta;
        }

        if (changes.Claim is { VoucherCode: { } code } claim)
        {
            _vouchers[(program, code)] = (claim.MemberId, claim.Key);
        }

        if (changes.Events.Count > 0)
        {
            if (!_outbox.TryGetValue(program, out var outbox))
            {
                _outbox[program] = outbox = new List<OutboxEvent>();
            }

            foreach (var e in changes.Events)
            {
                _eventIds.Add((program, e.EventId));
                outbox.Add(new OutboxEvent(new EventCursor(0, ++_position), e));
            }
        }
    }

    /// <summary>Writes one change set into its (locked) account.</summary>
    private void Apply(Account account, LedgerChangeSet changes)
    {
        if (changes.Claim is { } claim)
        {
            account.Claims[claim.Key] = claim;
        }

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
    public ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, Instant? dueAtOrBefore = null, CancellationToken cancellationToken = default) =>
        Scan(programId, afterMember, pageSize, dueAtOrBefore is { } due ? state => state.NextDueAt is { } next && next <= due : static _ => true, cancellationToken);

    private ValueTask<IReadOnlyList<AccountState>> Scan(ProgramId programId, MemberId? afterMember, int pageSize, Func<AccountState, bool> include, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
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

        public Dictionary<IdempotencyKey, RewardClaim> Claims { get; } = new();
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RewardClaim>> ReadClaimsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accounts.TryGetValue((programId, memberId), out var account))
        {
            return new ValueTask<IReadOnlyList<RewardClaim>>(Array.Empty<RewardClaim>());
        }

        lock (account)
        {
            var claims = new List<RewardClaim>(account.Claims.Values);
            claims.Sort(static (x, y) => x.ClaimedAt != y.ClaimedAt ? x.ClaimedAt.CompareTo(y.ClaimedAt) : LedgerStorageFormat.CompareCodePoints(x.Key.Value, y.Key.Value));
            return new ValueTask<IReadOnlyList<RewardClaim>>(claims);
        }
    }

    /// <inheritdoc />
    public ValueTask<RewardClaim?> FindClaimByVoucherAsync(ProgramId programId, string voucherCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voucherCode);
        cancellationToken.ThrowIfCancellationRequested();
        (MemberId Member, IdempotencyKey Claim) owner;
        lock (_keysLock)
        {
            if (!_vouchers.TryGetValue((programId, voucherCode), out owner))
            {
                return new ValueTask<RewardClaim?>((RewardClaim?)null);
            }
        }

        var account = _accounts[(programId, owner.Member)];
        lock (account)
        {
            return new ValueTask<RewardClaim?>(account.Claims.GetValueOrDefault(owner.Claim));
        }
    }

    /// <inheritdoc />
    public ValueTask<RewardStock?> ReadStockAsync(ProgramId programId, string rewardId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewardId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            return new ValueTask<RewardStock?>(_stock.TryGetValue((programId, rewardId), out var stock) ? stock : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<RewardStock?> AddStockAsync(ProgramId programId, string rewardId, long quantity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewardId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            var current = _stock.GetValueOrDefault((programId, rewardId), new RewardStock(rewardId, 0, 0, 0));
            var next = current with { Total = checked(current.Total + quantity) };
            if (next.Available < 0)
            {
                return new ValueTask<RewardStock?>((RewardStock?)null);
            }

            _stock[(programId, rewardId)] = next;
            return new ValueTask<RewardStock?>(next);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MemberPoints>> ReadPointsEarnedAsync(ProgramId programId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var totals = new List<MemberPoints>();
        foreach (var ((program, member), account) in _accounts)
        {
            if (program != programId)
            {
                continue;
            }

            Int128 sum = 0;
            lock (account)
            {
                foreach (var entry in account.Entries)
                {
                    if (MemberPoints.CountsAsEarned(entry, from, to))
                    {
                        sum += entry.Amount.Value;
                    }
                }
            }

            if (sum > 0)
            {
                totals.Add(new MemberPoints(member, MemberPoints.Saturate(sum)));
            }
        }

        return new ValueTask<IReadOnlyList<MemberPoints>>(totals);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(ProgramId programId, EventCursor after, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            if (!_outbox.TryGetValue(programId, out var outbox))
            {
                return new ValueTask<IReadOnlyList<OutboxEvent>>(Array.Empty<OutboxEvent>());
            }

            // Positions grow with every append: binary search for the first event after the cursor.
            int lo = 0, hi = outbox.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (outbox[mid].Cursor.CompareTo(after) <= 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return new ValueTask<IReadOnlyList<OutboxEvent>>(outbox.GetRange(lo, Math.Min(maxCount, outbox.Count - lo)).ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask<EventCursor> ReadConsumerCursorAsync(ProgramId programId, string consumer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            return new ValueTask<EventCursor>(_cursors.GetValueOrDefault((programId, consumer)));
        }
    }

    /// <inheritdoc />
    public ValueTask SaveConsumerCursorAsync(ProgramId programId, string consumer, EventCursor cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            _cursors[(programId, consumer)] = cursor;
        }

        return ValueTask.CompletedTask;
    }
}
