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

    private readonly ConcurrentDictionary<(ProgramId, MemberId, IdempotencyKey), IdempotencyRecord> _keys = new();

    // Keys, stock, voucher codes and the outbox are shared across members: checking and writing them is serialised
    // store-wide (a short section), and a commit's account changes become visible inside the same section.
    private readonly InMemoryAccounts _book = new();
    private readonly object _keysLock = new();
    private readonly InMemorySharedData _shared = new();

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
            if (request.RewardId is { } rewardId && _shared._stock.TryGetValue((request.ProgramId, rewardId), out var found))
            {
                stock = found;
            }

            if (request.QuotaKey is { } quotaKey)
            {
                quota = new QuotaCount(quotaKey, _shared._quotas.GetValueOrDefault((request.ProgramId, quotaKey)));
            }

            if (request.VoucherCode is { } code && _shared._vouchers.TryGetValue((request.ProgramId, code), out var voucher) && voucher.Member == request.MemberId)
            {
                claimKey = voucher.Claim;
            }
        }

        if (!_book._accounts.TryGetValue((request.ProgramId, request.MemberId), out var account))
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
        var account = _book._accounts.GetOrAdd((state.ProgramId, state.MemberId), static key => new InMemoryAccount(AccountState.Empty(key.Item1, key.Item2)));
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

                var shared = _shared.Check([changes]);
                if (shared != CommitStatus.Committed)
                {
                    return new ValueTask<CommitStatus>(shared);
                }

                _keys[(state.ProgramId, state.MemberId, changes.Idempotency.Key)] = changes.Idempotency;
                _shared.Apply(changes);
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
        var accounts = new SortedDictionary<(ProgramId, MemberId), InMemoryAccount>(Comparer<(ProgramId, MemberId)>.Create((x, y) =>
        {
            var byProgram = x.Item1.CompareTo(y.Item1);
            return byProgram != 0 ? byProgram : x.Item2.CompareTo(y.Item2);
        }));
        foreach (var change in changes)
        {
            var key = (change.NewState.ProgramId, change.NewState.MemberId);
            accounts.TryAdd(key, _book._accounts.GetOrAdd(key, static k => new InMemoryAccount(AccountState.Empty(k.Item1, k.Item2))));
        }

        var locked = new List<InMemoryAccount>(accounts.Count);
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

                var shared = _shared.Check(changes);
                if (shared != CommitStatus.Committed)
                {
                    return new ValueTask<CommitStatus>(shared);
                }

                foreach (var change in changes)
                {
                    _keys[(change.NewState.ProgramId, change.NewState.MemberId, change.Idempotency.Key)] = change.Idempotency;
                    _shared.Apply(change);
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

    /// <summary>Writes one change set into its (locked) account.</summary>
    private void Apply(InMemoryAccount account, LedgerChangeSet changes)
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
            var members = _book._members.GetOrAdd(state.ProgramId, static _ => new SortedSet<string>(InMemoryAccounts.CodePointOrder));
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
        if (!_book._accounts.TryGetValue((programId, memberId), out var account))
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
        if (!_book._accounts.TryGetValue((programId, memberId), out var account))
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
        if (!_book._accounts.TryGetValue((programId, memberId), out var account))
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
        Scan(programId, afterMember, pageSize, cancellationToken, dueAtOrBefore is { } due ? state => state.NextDueAt is { } next && next <= due : static _ => true);

    private ValueTask<IReadOnlyList<AccountState>> Scan(ProgramId programId, MemberId? afterMember, int pageSize, CancellationToken cancellationToken, Func<AccountState, bool> include)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<AccountState>>(_book.Scan(programId, afterMember, pageSize, include));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<AccountState>>(_book.ClaimDue(programId, dueAtOrBefore, now, batchSize, lease));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RewardClaim>> ReadClaimsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<RewardClaim>>(_book.Claims(programId, memberId));
    }

    /// <inheritdoc />
    public ValueTask<RewardClaim?> FindClaimByVoucherAsync(ProgramId programId, string voucherCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voucherCode);
        cancellationToken.ThrowIfCancellationRequested();
        (MemberId Member, IdempotencyKey Claim) owner;
        lock (_keysLock)
        {
            if (!_shared._vouchers.TryGetValue((programId, voucherCode), out owner))
            {
                return new ValueTask<RewardClaim?>((RewardClaim?)null);
            }
        }

        var account = _book._accounts[(programId, owner.Member)];
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
            return new ValueTask<RewardStock?>(_shared._stock.TryGetValue((programId, rewardId), out var stock) ? stock : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<RewardStock?> AddStockAsync(ProgramId programId, string rewardId, long quantity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewardId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            return new ValueTask<RewardStock?>(_shared.AddStock(programId, rewardId, quantity));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MemberPoints>> ReadPointsEarnedAsync(ProgramId programId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<MemberPoints>>(_book.PointsEarned(programId, from, to));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(ProgramId programId, EventCursor after, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            return new ValueTask<IReadOnlyList<OutboxEvent>>(_shared.ReadEvents(programId, after, maxCount));
        }
    }

    /// <inheritdoc />
    public ValueTask<long> PruneEventsAsync(ProgramId programId, Instant occurredBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            return new ValueTask<long>(_shared.PruneEvents(programId, occurredBefore));
        }
    }

    /// <inheritdoc />
    public ValueTask<EventCursor> ReadConsumerCursorAsync(ProgramId programId, string consumer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            return new ValueTask<EventCursor>(_shared._cursors.GetValueOrDefault((programId, consumer)));
        }
    }

    /// <inheritdoc />
    public ValueTask SaveConsumerCursorAsync(ProgramId programId, string consumer, EventCursor cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_keysLock)
        {
            _shared._cursors[(programId, consumer)] = cursor;
        }

        return ValueTask.CompletedTask;
    }
}
