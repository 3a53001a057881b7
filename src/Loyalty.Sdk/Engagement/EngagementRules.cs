using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Sdk.Engagement;

/// <summary>
/// A program's engagement definition, as data: the rewards catalogue, tasks, tier perks and the birthday and
/// anniversary rewards. Validated with the rest of the program by <see cref="LoyaltyProgramBuilder.Build"/>.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record EngagementRules
{
    /// <summary>Gets the empty definition: no rewards, tasks, perks or celebrations.</summary>
    public static EngagementRules None { get; } = new();

    /// <summary>Gets the rewards catalogue.</summary>
    public IReadOnlyList<Reward> Rewards { get; init; } = [];

    /// <summary>Gets the tasks.</summary>
    public IReadOnlyList<EngagementTask> Tasks { get; init; } = [];

    /// <summary>Gets the tier perks.</summary>
    public IReadOnlyList<TierPerk> Perks { get; init; } = [];

    /// <summary>Gets the birthday and anniversary rules (at most one of each kind).</summary>
    public IReadOnlyList<CelebrationRule> Celebrations { get; init; } = [];

    /// <summary>Finds a reward by id.</summary>
    /// <param name="rewardId">The id.</param>
    /// <returns>The reward, or <see langword="null"/>.</returns>
    public Reward? FindReward(string rewardId)
    {
        foreach (var reward in Rewards)
        {
            if (string.Equals(reward.Id, rewardId, StringComparison.Ordinal))
            {
                return reward;
            }
        }

        return null;
    }

    /// <summary>Finds the rule for an occasion (validation allows at most one per kind).</summary>
    internal CelebrationRule? FindCelebration(CelebrationKind kind)
    {
        foreach (var rule in Celebrations)
        {
            if (rule.Kind == kind)
            {
                return rule;
            }
        }

        return null;
    }

    internal IEnumerable<string> Validate(Tiers.TierLadder? ladder)
    {
        foreach (var reward in Rewards)
        {
            if (reward is null)
            {
                yield return "a reward is null.";
                continue;
            }

            foreach (var error in reward.Validate(ladder))
            {
                yield return error;
            }
        }

        foreach (var duplicate in Rewards.Where(r => r is not null).GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"reward '{duplicate.Key}' is defined {duplicate.Count()} times.";
        }

        foreach (var task in Tasks)
        {
            if (task is null)
            {
                yield return "a task is null.";
                continue;
            }

            foreach (var error in task.Validate())
            {
                yield return error;
            }
        }

        foreach (var duplicate in Tasks.Where(t => t is not null).GroupBy(t => t.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"task '{duplicate.Key}' is defined {duplicate.Count()} times.";
        }

        foreach (var perk in Perks)
        {
            if (perk is null || Guard.TextProblem(perk.Id, 100) is not null)
            {
                yield return "a perk is null or has no id.";
            }
            else if (perk.MinimumTier is { } tier && (ladder is null || ladder.IndexOf(tier) < 0))
            {
                yield return $"perk '{perk.Id}': tier '{tier}' is not in the program's tier ladder.";
            }
            else if (!Enum.IsDefined(perk.Kind))
            {
                yield return $"perk '{perk.Id}': {perk.Kind} is not a perk kind.";
            }
        }

        foreach (var rule in Celebrations)
        {
            if (rule is null)
            {
                yield return "a celebration rule is null.";
                continue;
            }

            if (rule.Points < 0 || rule.Points > LoyaltyLimits.MaxPointsPerCommand || (rule.Points == 0 && rule.RewardId is null))
            {
                yield return $"{rule.Kind} reward: grant positive points (at most {LoyaltyLimits.MaxPointsPerCommand}), a reward, or both.";
            }

            if (rule.RewardId is { } id && FindReward(id) is null)
            {
                yield return $"{rule.Kind} reward: reward '{id}' is not in the catalogue.";
            }

            if (rule.GraceDays is < 0 or > 300)
            {
                yield return $"{rule.Kind} reward: GraceDays {rule.GraceDays} must be between 0 and 300.";
            }
        }

        foreach (var duplicate in Celebrations.Where(c => c is not null).GroupBy(c => c.Kind).Where(g => g.Count() > 1))
        {
            yield return $"{duplicate.Key} reward is defined {duplicate.Count()} times.";
        }
    }
}
