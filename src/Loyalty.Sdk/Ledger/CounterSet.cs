using System.Collections.Generic;
using System.Globalization;
using Loyalty.Sdk.Rules;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>An account's counters while a command is decided: read, add to, and take back, by typed key.</summary>
internal sealed class CounterSet
{
    private readonly List<PeriodCounter> _counters;

    public CounterSet(IReadOnlyList<PeriodCounter> counters) => _counters = [.. counters];

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
        var current = Value(key, start);
        _counters.RemoveAll(c => c.Key == key);
        _counters.Add(new PeriodCounter(key, start, checked(current + amount)));
    }

    /// <summary>Takes one back from a counter's period, never below zero.</summary>
    public void Uncount(CounterKey key, LocalDate? periodStart)
    {
        if (Value(key, periodStart) > 0)
        {
            Add(key, periodStart, -1);
        }
    }

    public PeriodCounter[] ToArray() => [.. _counters];
}
