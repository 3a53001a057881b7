using System.Collections.Generic;
using System.Globalization;
using Loyalty.Sdk.Rules;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>An account's counters while a command is decided: read, add to, and take back, by typed key.</summary>
internal sealed class CounterSet
{
    // The loaded counters until the first change, then a new array per change: most commands change one counter.
    private IReadOnlyList<PeriodCounter> _counters;

    public CounterSet(IReadOnlyList<PeriodCounter> counters) => _counters = counters;

    /// <summary>The first local date of the period of a date.</summary>
    public static LocalDate Start(CapPeriod period, LocalDate date) => period switch
    {
        CapPeriod.Day => date,
        CapPeriod.Month => new LocalDate(date.Year, date.Month, 1),
        _ => new LocalDate(date.Year, 1, 1),
    };

    /// <summary>Describes a period for messages: <c>month of 2026-03-01</c>.</summary>
    public static string Describe(CapPeriod period, LocalDate start) =>
        period.ToString().ToLowerInvariant() + " of " + start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A counter's value in a period (0 when the stored counter belongs to another period); lifetime counters ignore the period.</summary>
    public static long Value(IReadOnlyList<PeriodCounter> counters, CounterKey key, LocalDate? periodStart)
    {
        var start = key.IsLifetime ? null : periodStart;
        foreach (var counter in counters)
        {
            if (counter.Key == key && counter.PeriodStart == start)
            {
                return counter.Value;
            }
        }

        return 0;
    }

    public long Value(CounterKey key, LocalDate? periodStart = null) => Value(_counters, key, periodStart);

    /// <summary>Adds to a counter for a period, dropping that counter's other periods.</summary>
    public void Add(CounterKey key, LocalDate? periodStart, long amount)
    {
        var start = key.IsLifetime ? null : periodStart;
        var updated = new PeriodCounter(key, start, checked(Value(key, start) + amount));
        var index = -1;
        for (var i = 0; i < _counters.Count; i++)
        {
            if (_counters[i].Key == key)
            {
                index = i;
                break;
            }
        }

        // A key has one counter, for its current period: the change replaces it (or adds one).
        var next = new PeriodCounter[index < 0 ? _counters.Count + 1 : _counters.Count];
        for (var i = 0; i < _counters.Count; i++)
        {
            next[i] = _counters[i];
        }

        next[index < 0 ? next.Length - 1 : index] = updated;
        _counters = next;
    }

    /// <summary>Takes one back from a counter's period, never below zero.</summary>
    public void Uncount(CounterKey key, LocalDate? periodStart)
    {
        if (Value(key, periodStart) > 0)
        {
            Add(key, periodStart, -1);
        }
    }

    /// <summary>Gets the counters as they stand (the loaded list when nothing changed).</summary>
    public IReadOnlyList<PeriodCounter> Current => _counters;
}
