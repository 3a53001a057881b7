using System.Globalization;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Acts on a lapsing member once per campaign period: bonus points or a granted reward, and a win-back event.</summary>
internal sealed class WinBackHandler : CommandHandler<WinBackCommand>
{
    public static readonly WinBackHandler Instance = new();

    public override string Name => "win-back";

    protected override LedgerLoadRequest Plan(WinBackCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account) =>
        RewardClaims.WithStockOf(account, program, command.Rule.RewardId);

    protected override Rejection? Decide(WinBackCommand command, AccountDraft draft)
    {
        if (!draft.Exists)
        {
            return Rejections.UnknownMember(draft);
        }

        var rule = command.Rule;
        var start = CounterSet.Start(rule.Period, draft.Today);
        if (draft.Counters.Value(rule.Counter, start) > 0)
        {
            return Rejections.Reject(RejectionReason.AlreadyGranted, $"Win-back rule '{rule.Id}' already acted on member '{command.MemberId}' in the {CounterSet.Describe(rule.Period, start)}.");
        }

        var reason = "win-back:" + rule.Id;
        if (rule.Action == WinBackAction.IssueReward &&
            RewardClaims.Grant(draft, draft.Program.Engagement.FindReward(rule.RewardId!)!, draft.Today, reason) is { } outOfStock)
        {
            return outOfStock;
        }

        draft.Counters.Add(rule.Counter, start, 1);
        if (rule.Action == WinBackAction.BonusPoints)
        {
            draft.CreditAdjustment(Points.FromInt64(rule.BonusPoints), reason);
        }

        draft.Publish(new WinBackTriggered
        {
            RuleId = rule.Id,
            PeriodStart = start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
            Action = rule.Action.ToString(),
            Reasons = command.Reasons,
        });
        return null;
    }
}
