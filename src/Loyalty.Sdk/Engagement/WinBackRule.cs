using System;
using System.Collections.Generic;
using System.Globalization;
using Loyalty.Sdk.Rules;

namespace Loyalty.Sdk.Engagement;

/// <summary>
/// A win-back rule: which members the churn scorer flags (every criterion given must hold) and what to do, at most
/// once per member per campaign <see cref="Period"/>. Every action also writes a <see cref="Events.WinBackTriggered"/> event.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record WinBackRule
{
    /// <summary>Gets the rule id, such as <c>lapsed-vip</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the RFM segments targeted (any of them), or empty for no segment criterion.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Gets the probability-alive threshold: targeted when P(alive) is below it.</summary>
    public double? ProbabilityAliveBelow { get; init; }

    /// <summary>Gets the days-since-last-purchase threshold: targeted when at least this many days have passed.</summary>
    public int? MinDaysSinceLastPurchase { get; init; }

    /// <summary>Gets the action.</summary>
    public WinBackAction Action { get; init; }

    /// <summary>Gets the bonus, for <see cref="WinBackAction.BonusPoints"/>.</summary>
    public long BonusPoints { get; init; }

    /// <summary>Gets the reward granted, for <see cref="WinBackAction.IssueReward"/>.</summary>
    public string? RewardId { get; init; }

    /// <summary>Gets the campaign period (in the program's zone): a member is acted on at most once per period.</summary>
    public CapPeriod Period { get; init; } = CapPeriod.Month;

    /// <summary>Gets the counter of the rule's actions in its campaign period.</summary>
    internal Ledger.CounterKey Counter => new(Ledger.CounterKind.WinBack, Id);

    /// <summary>Checks the rule against a program: lists what is wrong.</summary>
    /// <param name="program">The program the rule will run in.</param>
    /// <returns>The problems; empty when the rule is valid.</returns>
    public IReadOnlyList<string> Validate(LoyaltyProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var errors = new List<string>();
        var name = $"win-back rule '{Id}'";
        if (Guard.TextProblem(Id, 100) is not null)
        {
            errors.Add("a win-back rule id must be 1 to 100 characters.");
        }

        if (Segments.Count == 0 && ProbabilityAliveBelow is null && MinDaysSinceLastPurchase is null)
        {
            errors.Add($"{name}: give at least one criterion (segments, P(alive) or days since last purchase).");
        }

        if (ProbabilityAliveBelow is { } p && (double.IsNaN(p) || p <= 0 || p > 1))
        {
            errors.Add($"{name}: ProbabilityAliveBelow {p} must be in (0, 1].");
        }

        if (MinDaysSinceLastPurchase is < 0)
        {
            errors.Add($"{name}: MinDaysSinceLastPurchase must not be negative.");
        }

        if (!Enum.IsDefined(Period))
        {
            errors.Add($"{name}: {Period} is not a period.");
        }

        switch (Action)
        {
            case WinBackAction.BonusPoints when BonusPoints <= 0 || BonusPoints > program.MaxPointsPerCommand.Value:
                errors.Add($"{name}: a bonus needs positive BonusPoints, at most {program.MaxPointsPerCommand} (the program's MaxPointsPerCommand).");
                break;
            case WinBackAction.IssueReward when RewardId is null || program.Engagement.FindReward(RewardId) is null:
                errors.Add($"{name}: reward '{RewardId}' is not in the catalogue of program '{program.Id}'.");
                break;
            case WinBackAction.BonusPoints or WinBackAction.IssueReward or WinBackAction.EmitEvent:
                break;
            default:
                errors.Add($"{name}: {Action} is not an action.");
                break;
        }

        return errors;
    }

    /// <summary>Evaluates the rule for one member: the reasons they are targeted, or <see langword="null"/> when a criterion fails or its figure is missing.</summary>
    /// <param name="signal">The member's churn figures.</param>
    /// <returns>The reasons, one per criterion, or <see langword="null"/>.</returns>
    public IReadOnlyList<string>? Evaluate(WinBackSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var reasons = new List<string>(3);
        if (Segments.Count > 0)
        {
            if (signal.Segment is not { } segment || !Contains(Segments, segment))
            {
                return null;
            }

            reasons.Add($"RFM segment '{segment}'");
        }

        if (ProbabilityAliveBelow is { } threshold)
        {
            if (signal.ProbabilityAlive is not { } alive || !(alive < threshold))
            {
                return null;
            }

            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"P(alive) {alive:0.###} < {threshold:0.###}"));
        }

        if (MinDaysSinceLastPurchase is { } days)
        {
            if (signal.DaysSinceLastPurchase is not { } since || since < days)
            {
                return null;
            }

            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{since} days since last purchase (>= {days})"));
        }

        return reasons;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var v in values)
        {
            if (string.Equals(v, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
