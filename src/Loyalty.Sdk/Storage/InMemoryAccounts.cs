using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// The accounts of an <see cref="InMemoryLedgerStore"/>, each locked on its own, with the per-program member index
/// (code-point order) that pages and scans walk, and the expiry job's leases.
/// </summary>
internal sealed class InMemoryAccounts
{
    internal static readonly Comparer<string> CodePointOrder = Comparer<string>.Create(LedgerStorageFormat.CompareCodePoints);
    internal readonly ConcurrentDictionary<(ProgramId, MemberId), InMemoryAccount> _accounts = new();
    internal readonly ConcurrentDictionary<ProgramId, SortedSet<string>> _members = new();
    internal readonly Dictionary<(ProgramId, MemberId), Instant> _claims = new();

    /// <summary>One page of a program's accounts after a member, in code-point order, that pass a filter.</summary>
    public List<AccountState> Scan(ProgramId programId, MemberId? afterMember, int pageSize, Func<AccountState, bool> include)
    {
        var page = new List<AccountState>(Math.Min(pageSize, 1024));
        if (!_members.TryGetValue(programId, out var members))
        {
            return page;
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

        return page;
    }

    /// <summary>Claims up to a batch of due accounts that no lease holds, for a lease.</summary>
    public List<AccountState> ClaimDue(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease)
    {
        var claimed = new List<AccountState>();
        if (!_members.TryGetValue(programId, out var members))
        {
            return claimed;
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

        return claimed;
    }

    /// <summary>A member's reward claims, by claim instant then key (code point order).</summary>
    public IReadOnlyList<RewardClaim> Claims(ProgramId programId, MemberId memberId)
    {
        if (!_accounts.TryGetValue((programId, memberId), out var account))
        {
            return [];
        }

        lock (account)
        {
            var claims = new List<RewardClaim>(account.Claims.Values);
            claims.Sort(static (x, y) => x.ClaimedAt != y.ClaimedAt ? x.ClaimedAt.CompareTo(y.ClaimedAt) : LedgerStorageFormat.CompareCodePoints(x.Key.Value, y.Key.Value));
            return claims;
        }
    }

    /// <summary>Net points earned per member of a program in a period.</summary>
    public List<MemberPoints> PointsEarned(ProgramId programId, Instant from, Instant to)
    {
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

        return totals;
    }
}
