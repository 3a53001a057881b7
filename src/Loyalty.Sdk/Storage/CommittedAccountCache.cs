using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// The account states a store last committed, for answering loads that allow it
/// (<see cref="LedgerLoadRequest.AllowUnverified"/>) without a read. What it holds is never trusted: a decision taken on
/// it is committed only if the stored version is still the one it holds, with the key's record and a new accrual
/// inserted only if absent, so another writer's commit, a lost race or an evicted entry only costs a verified load
/// and a second decision. A store that uses it must implement those commit checks (the SQLite and PostgreSQL stores do).
/// </summary>
/// <remarks>
/// This type is thread-safe. It holds at most about <c>capacity</c> accounts: when it grows past that it starts over
/// empty, which keeps it bounded without a recency list on the hot path (the accounts in use come back on their next
/// commit).
/// </remarks>
public sealed class CommittedAccountCache
{
    private readonly int _capacity;
    private ConcurrentDictionary<(string Program, string Member), AccountState> _states = new();
    private int _count;

    /// <summary>Initializes a new instance of the <see cref="CommittedAccountCache"/> class.</summary>
    /// <param name="capacity">How many accounts to hold; 0 holds none, so every load is read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public CommittedAccountCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>
    /// Answers a load from the state last committed, marked <see cref="LedgerContext.Unverified"/>, when the request
    /// allows it, asks for nothing a commit could not verify (a redemption, claim, voucher, stock or period count) and
    /// the account is held.
    /// </summary>
    /// <param name="request">The load request.</param>
    /// <param name="context">The unverified context, when answered.</param>
    /// <returns>Whether the load was answered; otherwise the store reads it.</returns>
    public bool TryAnswer(LedgerLoadRequest request, out LedgerContext context)
    {
        if (request is { AllowUnverified: true, RedemptionKey: null, ClaimKey: null, VoucherCode: null, RewardId: null, QuotaKey: null } &&
            _states.TryGetValue((request.ProgramId.Value, request.MemberId.Value), out var account))
        {
            context = new LedgerContext(account, null, null, []) { Unverified = true };
            return true;
        }

        context = null!;
        return false;
    }

    /// <summary>
    /// Records how a commit ended: the new states when it committed (an older version never replaces a newer one);
    /// otherwise, or when <paramref name="status"/> is null (it failed with an exception, committed or not), the
    /// accounts are forgotten, so that their next load is read.
    /// </summary>
    /// <param name="changes">The change sets of the commit.</param>
    /// <param name="status">How it ended, or null if it threw.</param>
    public void Record(IReadOnlyList<LedgerChangeSet> changes, CommitStatus? status)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (_capacity == 0)
        {
            return;
        }

        foreach (var change in changes)
        {
            var state = change.NewState;
            var key = (state.ProgramId.Value, state.MemberId.Value);
            if (status != CommitStatus.Committed)
            {
                _states.TryRemove(key, out _);
                continue;
            }

            var added = false;
            _states.AddOrUpdate(
                key,
                _ => { added = true; return state; },
                (_, held) => held.Version >= state.Version ? held : state);
            if (added && Interlocked.Increment(ref _count) > _capacity)
            {
                Interlocked.Exchange(ref _states, new ConcurrentDictionary<(string Program, string Member), AccountState>());
                Interlocked.Exchange(ref _count, 0);
            }
        }
    }
}
