using System;
using System.Collections.Generic;
using Loyalty.Sdk.Rules;

namespace Loyalty.Sdk.Engagement;

/// <summary>
/// A task: complete <see cref="Count"/> actions of one kind within a period (three reviews this month) and earn
/// <see cref="Points"/>, once per period. The action is an activity type, or <see cref="OrderAction"/> for paid orders.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record EngagementTask
{
    /// <summary>The action that counts paid orders (earn commands) rather than an activity.</summary>
    public const string OrderAction = "order";

    /// <summary>Gets the task id, such as <c>reviews-3</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the action counted: an activity type, or <see cref="OrderAction"/>.</summary>
    public required string Action { get; init; }

    /// <summary>Gets how many actions complete the task.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the period (in the program's zone) within which the actions count.</summary>
    public CapPeriod Period { get; init; } = CapPeriod.Month;

    /// <summary>Gets the points the task awards on completion.</summary>
    public required long Points { get; init; }

    /// <summary>Gets the counter of the actions done toward the task in its period.</summary>
    internal Ledger.CounterKey Counter => new(Ledger.CounterKind.Task, Id);

    /// <summary>Gets the activity type of the Earn entry that credits the task's points: <c>task:{id}</c>.</summary>
    internal string EntryActivityType => "task:" + Id;

    internal IEnumerable<string> Validate()
    {
        var name = $"task '{Id}'";
        if (Guard.TextProblem(Id, 100) is not null)
        {
            yield return "a task id must be 1 to 100 characters.";
            yield break;
        }

        if (Guard.TextProblem(Action, 200) is not null)
        {
            yield return $"{name}: the action must be 1 to 200 characters.";
        }

        if (Count < 1)
        {
            yield return $"{name}: the count must be at least 1; got {Count}.";
        }

        if (Points < 1 || Points > LoyaltyLimits.MaxPointsPerCommand)
        {
            yield return $"{name}: the points must be between 1 and {LoyaltyLimits.MaxPointsPerCommand}; got {Points}.";
        }

        if (!Enum.IsDefined(Period))
        {
            yield return $"{name}: {Period} is not a period.";
        }
    }
}
