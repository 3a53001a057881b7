using System;
using System.Collections.Generic;
using Loyalty.Sdk.Rules;
using NodaTime;

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

/// <summary>The kind of a tier perk.</summary>
public enum PerkKind
{
    /// <summary>Free shipping.</summary>
    FreeShipping = 0,

    /// <summary>Priority delivery.</summary>
    PriorityDelivery = 1,

    /// <summary>An exclusive discount (see <see cref="TierPerk.Value"/>).</summary>
    ExclusiveDiscount = 2,

    /// <summary>A free trial of a service.</summary>
    FreeTrial = 3,

    /// <summary>A birthday gift.</summary>
    BirthdayGift = 4,

    /// <summary>Anything else, described by <see cref="TierPerk.Description"/>.</summary>
    Other = 5,
}

/// <summary>
/// A perk of membership, as data: members at or above <see cref="MinimumTier"/> have it (all members when null).
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TierPerk
{
    /// <summary>Gets the perk id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the kind.</summary>
    public PerkKind Kind { get; init; }

    /// <summary>Gets the lowest tier that has the perk; <see langword="null"/> for every member.</summary>
    public string? MinimumTier { get; init; }

    /// <summary>Gets a value, such as the discount rate (0.1 for 10%) or the trial's length in days.</summary>
    public decimal? Value { get; init; }

    /// <summary>Gets a description for members.</summary>
    public string? Description { get; init; }
}

/// <summary>The perks a member has as of an instant, with the tier that grants them.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="MemberId">The member.</param>
/// <param name="AsOf">The instant.</param>
/// <param name="TierId">The member's tier then, or <see langword="null"/> when the program has no tiers.</param>
/// <param name="Perks">The perks, in definition order.</param>
public sealed record MemberPerks(MemberId MemberId, Instant AsOf, string? TierId, IReadOnlyList<TierPerk> Perks);

/// <summary>Which calendar event a celebration reward is for.</summary>
public enum CelebrationKind
{
    /// <summary>The member's birthday (from the profile).</summary>
    Birthday = 0,

    /// <summary>The anniversary of the member's enrolment (their first command).</summary>
    MembershipAnniversary = 1,
}

/// <summary>
/// A yearly reward on a member's birthday or membership anniversary: points and/or a reward (a coupon, a gift),
/// granted once per year by <see cref="LoyaltyEngineJobs.RunCelebrationsAsync"/> on the day or within <see cref="GraceDays"/> after it.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CelebrationRule
{
    /// <summary>Gets the occasion.</summary>
    public required CelebrationKind Kind { get; init; }

    /// <summary>Gets the points granted (0 for none).</summary>
    public long Points { get; init; }

    /// <summary>Gets the reward granted (without charge), if any.</summary>
    public string? RewardId { get; init; }

    /// <summary>Gets a value indicating whether the day is the member's local date (their profile's zone) rather than the program's.</summary>
    public bool InMemberTimeZone { get; init; } = true;

    /// <summary>Gets how many days after the occasion a job run may still grant it (a job that missed the day catches up).</summary>
    public int GraceDays { get; init; } = 7;

    /// <summary>Gets the counter of the celebrations granted in a year.</summary>
    internal Ledger.CounterKey Counter => new(Ledger.CounterKind.Celebration, Kind == CelebrationKind.Birthday ? "birthday" : "anniversary");
}
