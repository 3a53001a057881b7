using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>
/// The account states this store last committed, so that a command to commit can be decided without reading its
/// account first (one round trip instead of two). What it holds is never trusted: a commit decided on it still checks
/// the stored version, and inserts the key's record and a new accrual only if absent, so another app server's commit,
/// a lost race or an evicted entry only costs a verified load and a second decision.
/// </summary>
/// <remarks>
/// This type is thread-safe. It holds at most about <c>capacity</c> accounts: when it grows past that it starts
/// over empty, which keeps it bounded without a recency list on the hot path (the accounts in use come back on
/// their next commit).
/// </remarks>
internal sealed class PostgreSqlAccountCache(int capacity)
{
    private ConcurrentDictionary<(string Program, string Member), AccountState> _states = new();
    private int _count;

    /// <summary>Gets the state last committed for an account, if this store committed it and still holds it.</summary>
    public bool TryGet(ProgramId programId, MemberId memberId, out AccountState state) =>
        _states.TryGetValue((programId.Value, memberId.Value), out state!);

    /// <summary>Records states just committed; an older version never replaces a newer one.</summary>
    public void Committed(IReadOnlyList<LedgerChangeSet> changes)
    {
        if (capacity == 0)
        {
            return;
        }

        foreach (var change in changes)
        {
            var state = change.NewState;
            var key = (state.ProgramId.Value, state.MemberId.Value);
            var states = _states;
            var added = false;
            states.AddOrUpdate(
                key,
                _ => { added = true; return state; },
                (_, held) => held.Version >= state.Version ? held : state);
            if (added && Interlocked.Increment(ref _count) > capacity)
            {
                Interlocked.Exchange(ref _states, new ConcurrentDictionary<(string Program, string Member), AccountState>());
                Interlocked.Exchange(ref _count, 0);
            }
        }
    }

    /// <summary>Forgets the accounts of a commit that failed: their next load is read from the database.</summary>
    public void Failed(IReadOnlyList<LedgerChangeSet> changes)
    {
        foreach (var change in changes)
        {
            _states.TryRemove((change.NewState.ProgramId.Value, change.NewState.MemberId.Value), out _);
        }
    }
}
