using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>A member's progress on one task in the period containing an instant.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="TaskId">The task.</param>
/// <param name="PeriodStart">The first local date of the period.</param>
/// <param name="PeriodEnd">The last local date of the period.</param>
/// <param name="Done">The actions counted so far in the period (at most the target once completed).</param>
/// <param name="Target">The actions that complete the task.</param>
/// <param name="Completed">Whether the task was completed (and its points awarded) in the period.</param>
/// <param name="Points">The points the task awards.</param>
public sealed record TaskProgress(string TaskId, LocalDate PeriodStart, LocalDate PeriodEnd, int Done, int Target, bool Completed, Points Points);
