using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Loyalty.Sdk.Rules;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// A running total for the current period of one kind (points earned this month, reviews this month), kept in the
/// account state for caps. Derivable from the entries, like the rest of the state; only the current period is kept.
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Name">What is counted, such as <c>earned</c> or <c>activity:review</c>.</param>
/// <param name="PeriodStart">The first local date of the period the value belongs to.</param>
/// <param name="Value">The total in that period.</param>
public readonly record struct PeriodCounter(string Name, LocalDate PeriodStart, long Value);

/// <summary>Period arithmetic and the storage form of counters (shared by the database adapters).</summary>
internal static class PeriodCounters
{
    public static LocalDate Start(CapPeriod period, LocalDate date) => period switch
    {
        CapPeriod.Day => date,
        CapPeriod.Month => new LocalDate(date.Year, date.Month, 1),
        _ => new LocalDate(date.Year, 1, 1),
    };

    public static long Value(IReadOnlyList<PeriodCounter> counters, string name, LocalDate periodStart)
    {
        foreach (var counter in counters)
        {
            if (counter.Name == name && counter.PeriodStart == periodStart)
            {
                return counter.Value;
            }
        }

        return 0;
    }

    /// <summary>Adds to a counter for a period, dropping that counter's other periods.</summary>
    public static void Add(List<PeriodCounter> counters, string name, LocalDate periodStart, long amount)
    {
        var current = Value(counters, name, periodStart);
        counters.RemoveAll(c => c.Name == name);
        counters.Add(new PeriodCounter(name, periodStart, checked(current + amount)));
    }

    public static string ToJson(IReadOnlyList<PeriodCounter> counters)
    {
        if (counters.Count == 0)
        {
            return string.Empty;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var counter in counters)
            {
                json.WriteStartArray();
                json.WriteStringValue(counter.Name);
                json.WriteStringValue(LocalDatePattern.Iso.Format(counter.PeriodStart));
                json.WriteNumberValue(counter.Value);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static PeriodCounter[] FromJson(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        using var document = JsonDocument.Parse(text);
        var counters = new List<PeriodCounter>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            counters.Add(new PeriodCounter(item[0].GetString()!, LocalDatePattern.Iso.Parse(item[1].GetString()!).Value, item[2].GetInt64()));
        }

        return [.. counters];
    }

    public static string Describe(CapPeriod period, LocalDate start) =>
        period.ToString().ToLowerInvariant() + " of " + start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
