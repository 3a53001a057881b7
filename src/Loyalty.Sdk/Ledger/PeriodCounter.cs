using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// A running total for the current period of one kind (points earned this month, reviews this month), or over the
/// member's lifetime, kept in the account state for caps and limits. Derivable from the entries, like the rest of the
/// state; only the current period is kept.
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Key">What is counted.</param>
/// <param name="PeriodStart">The first local date of the period the value belongs to; <see langword="null"/> for a lifetime counter.</param>
/// <param name="Value">The total in that period.</param>
public readonly record struct PeriodCounter(CounterKey Key, LocalDate? PeriodStart, long Value);
