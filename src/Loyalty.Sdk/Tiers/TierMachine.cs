using System;
using System.Collections.Generic;
using System.Globalization;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Tiers;

/// <summary>
/// The tier rules as one small state machine, shared by the ledger decider (one command at a time, from the stored
/// state) and by the as-of replay (from the entries alone), so both give the same tiers by construction.
/// Pure: it reads only its arguments.
/// </summary>
internal sealed class TierMachine
{
    private readonly TierLadder _ladder;
    private readonly DateTimeZone _zone;
    private readonly List<QualifyingBucket> _buckets;
    private readonly LocalDate _enrolled;
    private int _index;
    private Instant _since;
    private LocalDate? _reviewOn;
    private string? _floor;

    private TierMachine(TierLadder ladder, DateTimeZone zone, LocalDate enrolled, List<QualifyingBucket> buckets)
    {
        _ladder = ladder;
        _zone = zone;
        _enrolled = enrolled;
        _buckets = buckets;
    }

    /// <summary>Gets the changes made since the machine was started (or since <see cref="TakeChanges"/>).</summary>
    public List<TierChange> Changes { get; } = [];

    /// <summary>Gets the current tier.</summary>
    public Tier Current => _ladder.Tiers[_index];

    /// <summary>Gets the instant the next review is due, if any.</summary>
    public Instant? NextReviewAt => _reviewOn is { } boundary ? DueAt(boundary) : null;

    /// <summary>Starts from a stored state, or for a new account (enrolled on the local date of <paramref name="now"/>).</summary>
    public static TierMachine Start(TierLadder ladder, DateTimeZone zone, TierState? state, Instant now)
    {
        if (state is null)
        {
            return new TierMachine(ladder, zone, now.InZone(zone).Date, []) { _since = now };
        }

        var machine = new TierMachine(ladder, zone, state.EnrolledOn, [.. state.Buckets])
        {
            _since = state.Since,
            _reviewOn = state.ReviewOn,
            _floor = ladder.IndexOf(state.FloorTierId) >= 0 ? state.FloorTierId : null,
            _index = Math.Max(0, ladder.IndexOf(state.TierId)),
        };
        if (ladder.IndexOf(state.TierId) < 0)
        {
            // The ladder changed and the tier is gone: back to the base tier, then up to what the window reaches.
            machine.Changes.Add(new TierChange(now, state.TierId, ladder.Base.Id, TierChangeKind.Demotion, $"tier '{state.TierId}' is no longer in the ladder"));
            machine._since = now;
            machine._reviewOn = null;
            machine.Promote(now);
        }

        return machine;
    }

    /// <summary>Replays a member's entries (in sequence order) up to an instant: the tier as of that instant, as a pure function of the ledger and the ladder.</summary>
    public static TierMachine Replay(TierLadder ladder, DateTimeZone zone, IReadOnlyList<LedgerEntry> entries, Instant asOf)
    {
        TierMachine? machine = null;
        foreach (var entry in entries)
        {
            if (entry.RecordedAt > asOf)
            {
                break;
            }

            machine ??= Start(ladder, zone, null, entry.RecordedAt);
            machine.Advance(entry.RecordedAt);
            if (entry.Qualifying is { } change)
            {
                machine.Contribute(change, entry.RecordedAt);
            }
            else if (entry.Kind == LedgerEntryKind.TierFloor)
            {
                machine.SetFloor(entry.Tier, entry.RecordedAt, entry.Reason ?? string.Empty);
            }
        }

        machine ??= Start(ladder, zone, null, asOf);
        machine.Advance(asOf);
        return machine;
    }

    public TierChange[] TakeChanges()
    {
        var changes = Changes.ToArray();
        Changes.Clear();
        return changes;
    }

    /// <summary>Applies every review due by an instant, in order (an idle account may owe several).</summary>
    public void Advance(Instant now)
    {
        while (_reviewOn is { } boundary)
        {
            var due = DueAt(boundary);
            if (due > now)
            {
                return;
            }

            Review(boundary, due);
        }
    }

    /// <summary>Adds a qualifying change to its bucket (if that bucket can still be read), then promotes if a threshold is crossed.</summary>
    public void Contribute(QualifyingChange change, Instant now)
    {
        var start = _ladder.Window.BucketStart(change.Date, _enrolled);
        if (start >= KeepFrom(now.InZone(_zone).Date))
        {
            var i = _buckets.FindIndex(b => b.Start >= start);
            if (i >= 0 && _buckets[i].Start == start)
            {
                var b = _buckets[i];
                _buckets[i] = new QualifyingBucket(start, checked(b.Points + change.Points), b.Spend + change.Spend, checked(b.Orders + change.Orders));
            }
            else
            {
                _buckets.Insert(i < 0 ? _buckets.Count : i, new QualifyingBucket(start, change.Points, change.Spend, change.Orders));
            }
        }

        if (change.ValueOf(_ladder.Metric) > 0)
        {
            Promote(now);
        }
    }

    /// <summary>Sets or clears the manual floor; a floor above the tier raises it at once.</summary>
    public void SetFloor(string? tierId, Instant now, string reason)
    {
        _floor = tierId;
        var floor = FloorIndex;
        if (floor > _index)
        {
            var today = now.InZone(_zone).Date;
            Change(now, floor, $"floor set to {tierId}: {reason}");
            _reviewOn = _ladder.Window.WindowEnd(today, _enrolled);
        }
    }

    /// <summary>The qualifying amount of the window current at an instant.</summary>
    public decimal CurrentQualifying(LocalDate today) =>
        Sum(_ladder.Window.WindowStart(today, _enrolled), _ladder.Window.WindowEnd(today, _enrolled));

    /// <summary>The qualifying amount so far of the window the next review reads, or <see langword="null"/> without one.</summary>
    public decimal? ReviewedQualifying() =>
        _reviewOn is { } boundary ? Sum(_ladder.Window.ReviewedWindowStart(boundary, _enrolled), boundary) : null;

    public TierState ToState(Instant now)
    {
        var keepFrom = KeepFrom(now.InZone(_zone).Date);
        _buckets.RemoveAll(b => b.Start < keepFrom);
        return new TierState
        {
            TierId = Current.Id,
            Since = _since,
            EnrolledOn = _enrolled,
            ReviewOn = _reviewOn,
            FloorTierId = _floor,
            Buckets = _buckets.ToArray(),
        };
    }

    public LocalDate Enrolled => _enrolled;

    public LocalDate? ReviewOn => _reviewOn;

    public Instant Since => _since;

    public string? Floor => _floor;

    public Instant DueAt(LocalDate boundary) => boundary.Plus(_ladder.Grace).AtStartOfDayInZone(_zone).ToInstant();

    private int FloorIndex => _floor is null ? 0 : Math.Max(0, _ladder.IndexOf(_floor));

    private void Review(LocalDate boundary, Instant at)
    {
        var window = _ladder.Window;
        var from = window.ReviewedWindowStart(boundary, _enrolled);
        var ended = Sum(from, boundary);
        var today = at.InZone(_zone).Date;
        var current = CurrentQualifying(today);
        var retained = _ladder.RetainedIndex(ended, _index);
        var reached = _ladder.ReachedIndex(current);
        var next = Math.Max(retained, Math.Max(reached, FloorIndex));
        if (next != _index)
        {
            var tier = Current;
            var because = next == FloorIndex && next > Math.Max(retained, reached)
                ? $"held at the floor {_floor}"
                : $"now {_ladder.Tiers[next].Id}";
            Change(at, next, $"review of {Span(from, boundary)}: {Describe(ended)} below {Format(tier.RetainThreshold)} to keep {tier.Id}; {because}");
        }

        _reviewOn = _index == 0 ? null : window.NextBoundary(boundary, _enrolled);
    }

    private void Promote(Instant now)
    {
        var today = now.InZone(_zone).Date;
        var window = _ladder.Window;
        var from = window.WindowStart(today, _enrolled);
        var to = window.WindowEnd(today, _enrolled);
        var current = Sum(from, to);
        var reached = _ladder.ReachedIndex(current);
        if (reached > _index)
        {
            var tier = _ladder.Tiers[reached];
            Change(now, reached, $"{Describe(current)} in {Span(from, to)} reached {tier.Id} ({Format(tier.Threshold)})");
            _reviewOn = to;
        }
    }

    private void Change(Instant at, int index, string reason)
    {
        Changes.Add(new TierChange(at, Current.Id, _ladder.Tiers[index].Id, index > _index ? TierChangeKind.Promotion : TierChangeKind.Demotion, reason));
        _index = index;
        _since = at;
    }

    /// <summary>The earliest bucket a later promotion or review can read: the current window's, or the pending review's.</summary>
    private LocalDate KeepFrom(LocalDate today)
    {
        var from = _ladder.Window.WindowStart(today, _enrolled);
        if (_reviewOn is { } boundary)
        {
            var reviewed = _ladder.Window.ReviewedWindowStart(boundary, _enrolled);
            if (reviewed < from)
            {
                from = reviewed;
            }
        }

        return from;
    }

    private decimal Sum(LocalDate from, LocalDate to)
    {
        var sum = 0m;
        foreach (var bucket in _buckets)
        {
            if (bucket.Start >= from && bucket.Start < to)
            {
                sum += bucket.ValueOf(_ladder.Metric);
            }
        }

        return sum;
    }

    private string Describe(decimal amount) => _ladder.Metric switch
    {
        QualifyingMetric.Points => $"{Format(amount)} qualifying points",
        QualifyingMetric.Spend => $"spend {Format(amount)}",
        _ => $"{Format(amount)} order(s)",
    };

    private static string Span(LocalDate from, LocalDate toExclusive) =>
        LocalDatePattern.Iso.Format(from) + ".." + LocalDatePattern.Iso.Format(toExclusive.PlusDays(-1));

    private static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
