using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Sdk.Configuration;

/// <summary>The rewards catalogue, tasks, tier perks and celebration rules as data.</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class EngagementDefinition
{
    /// <summary>Gets or sets the rewards.</summary>
    public List<RewardDefinition> Rewards { get; set; } = [];

    /// <summary>Gets or sets the tasks.</summary>
    public List<TaskDefinition> Tasks { get; set; } = [];

    /// <summary>Gets or sets the tier perks.</summary>
    public List<PerkDefinition> Perks { get; set; } = [];

    /// <summary>Gets or sets the birthday and anniversary rules.</summary>
    public List<CelebrationDefinition> Celebrations { get; set; } = [];

    internal static EngagementDefinition? From(Engagement.EngagementRules rules) =>
        rules.Rewards.Count + rules.Tasks.Count + rules.Perks.Count + rules.Celebrations.Count == 0 ? null : new EngagementDefinition
        {
            Rewards = rules.Rewards.Select(r => new RewardDefinition
            {
                Id = r.Id,
                Name = r.Name,
                Kind = r.Kind,
                Points = r.Points,
                CashAmount = r.Cash?.Amount,
                CashCurrency = r.Cash?.Currency.Code,
                TracksStock = r.TracksStock,
                AvailableFrom = r.AvailableFrom,
                AvailableUntil = r.AvailableUntil,
                MaxPerMember = r.MaxPerMember,
                MaxPerMemberPerPeriod = r.MaxPerMemberPerPeriod,
                MaxPerPeriod = r.MaxPerPeriod,
                LimitPeriod = r.LimitPeriod,
                MinimumTier = r.MinimumTier,
                Tiers = [.. r.Tiers],
                Categories = [.. r.Categories],
                VoucherValidity = r.VoucherValidity,
                Redeemable = r.Redeemable,
            }).ToList(),
            Tasks = rules.Tasks.Select(t => new TaskDefinition { Id = t.Id, Action = t.Action, Count = t.Count, Period = t.Period, Points = t.Points }).ToList(),
            Perks = rules.Perks.Select(p => new PerkDefinition { Id = p.Id, Kind = p.Kind, MinimumTier = p.MinimumTier, Value = p.Value, Description = p.Description }).ToList(),
            Celebrations = rules.Celebrations.Select(c => new CelebrationDefinition
            {
                Kind = c.Kind, Points = c.Points, RewardId = c.RewardId, InMemberTimeZone = c.InMemberTimeZone, GraceDays = c.GraceDays,
            }).ToList(),
        };

    internal Engagement.EngagementRules ToRules(List<string> errors)
    {
        var rewards = new List<Engagement.Reward>();
        for (var i = 0; i < (Rewards?.Count ?? 0); i++)
        {
            var r = Rewards![i];
            if (LoyaltyProgramDefinition.IsNull(errors, $"engagement.rewards[{i}]", r) || LoyaltyProgramDefinition.HasNullItem(errors, $"engagement.rewards[{i}].tiers", r.Tiers))
            {
                continue;
            }

            Money? cash = null;
            if (r.CashAmount is { } amount)
            {
                if (amount <= 0 || amount > LoyaltyLimits.MaxUnitPrice)
                {
                    errors.Add($"engagement.rewards[{i}].cashAmount: {amount} must be greater than 0 and at most {LoyaltyLimits.MaxUnitPrice}.");
                    continue;
                }

                if (!CurrencyCode.TryParse(r.CashCurrency, out var currency))
                {
                    errors.Add($"engagement.rewards[{i}].cashCurrency: '{r.CashCurrency}' is not an ISO 4217 currency code.");
                    continue;
                }

                cash = new Money(amount, currency);
            }

            rewards.Add(new Engagement.Reward
            {
                Id = r.Id ?? string.Empty,
                Name = r.Name,
                Kind = r.Kind,
                Points = r.Points,
                Cash = cash,
                TracksStock = r.TracksStock,
                AvailableFrom = r.AvailableFrom,
                AvailableUntil = r.AvailableUntil,
                MaxPerMember = r.MaxPerMember,
                MaxPerMemberPerPeriod = r.MaxPerMemberPerPeriod,
                MaxPerPeriod = r.MaxPerPeriod,
                LimitPeriod = r.LimitPeriod,
                MinimumTier = r.MinimumTier,
                Tiers = [.. r.Tiers ?? []],
                Categories = [.. r.Categories ?? []],
                VoucherValidity = r.VoucherValidity,
                Redeemable = r.Redeemable,
            });
        }

        for (var i = 0; i < (Tasks?.Count ?? 0); i++)
        {
            LoyaltyProgramDefinition.IsNull(errors, $"engagement.tasks[{i}]", Tasks![i]);
        }

        for (var i = 0; i < (Perks?.Count ?? 0); i++)
        {
            LoyaltyProgramDefinition.IsNull(errors, $"engagement.perks[{i}]", Perks![i]);
        }

        for (var i = 0; i < (Celebrations?.Count ?? 0); i++)
        {
            LoyaltyProgramDefinition.IsNull(errors, $"engagement.celebrations[{i}]", Celebrations![i]);
        }

        return new Engagement.EngagementRules
        {
            Rewards = rewards,
            Tasks = (Tasks ?? []).Where(t => t is not null).Select(t => new Engagement.EngagementTask { Id = t.Id ?? string.Empty, Action = t.Action ?? string.Empty, Count = t.Count, Period = t.Period, Points = t.Points }).ToList(),
            Perks = (Perks ?? []).Where(p => p is not null).Select(p => new Engagement.TierPerk { Id = p.Id ?? string.Empty, Kind = p.Kind, MinimumTier = p.MinimumTier, Value = p.Value, Description = p.Description }).ToList(),
            Celebrations = (Celebrations ?? []).Where(c => c is not null).Select(c => new Engagement.CelebrationRule
            {
                Kind = c.Kind, Points = c.Points, RewardId = c.RewardId, InMemberTimeZone = c.InMemberTimeZone, GraceDays = c.GraceDays,
            }).ToList(),
        };
    }
}
