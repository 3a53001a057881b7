using System;
using System.Collections.Generic;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using NodaTime;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// The store-wide data of an <see cref="InMemoryLedgerStore"/>: reward stock, program-wide counts, voucher codes, the
/// outbox and consumer cursors. Not thread-safe by itself: the store holds its lock around every call.
/// </summary>
internal sealed class InMemorySharedData
{
    internal readonly Dictionary<(ProgramId, string), RewardStock> _stock = new();
    internal readonly Dictionary<(ProgramId, string), long> _quotas = new();
    internal readonly Dictionary<(ProgramId, string), (MemberId Member, IdempotencyKey Claim)> _vouchers = new();
    internal readonly Dictionary<ProgramId, List<OutboxEvent>> _outbox = new();
    internal readonly HashSet<(ProgramId, string)> _eventIds = new();
    internal readonly Dictionary<(ProgramId, string), EventCursor> _cursors = new();
    private long _position;

    /// <summary>
    /// Checks the store-wide parts of change sets (under the keys lock) before anything is written: stock stays
    /// consistent, voucher codes are unused, event ids are new. Returns Committed when all is well.
    /// </summary>
    /// <exception cref="LedgerStoreException">An event id is already in the outbox (nothing was written).</exception>
    public CommitStatus Check(IReadOnlyList<LedgerChangeSet> changes)
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
    public void Apply(LedgerChangeSet changes)
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

    /// <summary>Reads committed events after a cursor, in cursor order.</summary>
    /// <summary>Adds to (or, negative, removes from) a reward's stock; null when fewer than the reserved and confirmed would remain.</summary>
    public RewardStock? AddStock(ProgramId programId, string rewardId, long quantity)
    {
        var current = _stock.GetValueOrDefault((programId, rewardId), new RewardStock(rewardId, 0, 0, 0));
        var next = current with { Total = checked(current.Total + quantity) };
        if (next.Available < 0)
        {
            return null;
        }

        _stock[(programId, rewardId)] = next;
        return next;
    }

    /// <summary>Deletes the events every registered consumer has passed that occurred before the instant (see <see cref="ILedgerStore.PruneEventsAsync"/>).</summary>
    public long PruneEvents(ProgramId programId, Instant occurredBefore)
    {
        EventCursor? passed = null;
        foreach (var (key, cursor) in _cursors)
        {
            if (key.Item1 == programId && (passed is null || cursor.CompareTo(passed.Value) < 0))
            {
                passed = cursor;
            }
        }

        if (passed is not { } upTo || !_outbox.TryGetValue(programId, out var outbox))
        {
            return 0;
        }

        // Positions are never reused here (one counter for the store), so the newest event may go as well.
        var removed = outbox.RemoveAll(item =>
        {
            var prune = item.Cursor.CompareTo(upTo) <= 0 && item.Event.OccurredAt < occurredBefore;
            if (prune)
            {
                _eventIds.Remove((programId, item.Event.EventId));
            }

            return prune;
        });
        return removed;
    }

    public IReadOnlyList<OutboxEvent> ReadEvents(ProgramId programId, EventCursor after, int maxCount)
    {
        if (!_outbox.TryGetValue(programId, out var outbox))
        {
            return [];
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

        return outbox.GetRange(lo, Math.Min(maxCount, outbox.Count - lo)).ToArray();
    }
}
