using System.Globalization;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Grants a birthday or anniversary celebration (points and/or a reward) once per year, on the day or within its grace days.</summary>
internal sealed class CelebrationHandler : CommandHandler<GrantCelebrationCommand>
{
    public static readonly CelebrationHandler Instance = new();

    public override string Name => "celebration";

    protected override LedgerLoadRequest Plan(GrantCelebrationCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account) =>
        RewardClaims.WithStockOf(account, program, program.Engagement.FindCelebration(command.Kind)?.RewardId);

    protected override Rejection? Decide(GrantCelebrationCommand command, AccountDraft draft)
    {
        var program = draft.Program;
        if (!draft.Exists)
        {
            return Rejections.UnknownMember(draft);
        }

        if (program.Engagement.FindCelebration(command.Kind) is not { } rule)
        {
            return Rejections.Reject(RejectionReason.NotEligible, $"Program '{program.Id}' has no {command.Kind} reward.");
        }

        var (due, why) = Occasions.Due(rule, draft.Records.Profile, draft.Before.Tier, program.TimeZone, draft.Now);
        if (due is not { } occasion)
        {
            return Rejections.Reject(RejectionReason.NotEligible, $"No {command.Kind} reward for member '{command.MemberId}': {why}.");
        }

        var year = new LocalDate(occasion.Year, 1, 1);
        if (draft.Counters.Value(rule.Counter, year) > 0)
        {
            return Rejections.Reject(RejectionReason.AlreadyGranted, $"The {command.Kind} reward of {occasion.Year} was already granted to member '{command.MemberId}'.");
        }

        var reason = (command.Kind == CelebrationKind.Birthday ? "birthday:" : "anniversary:") + occasion.Year.ToString(CultureInfo.InvariantCulture);
        if (rule.RewardId is { } rewardId && RewardClaims.Grant(draft, program.Engagement.FindReward(rewardId)!, occasion, reason) is { } outOfStock)
        {
            return outOfStock;
        }

        draft.Counters.Add(rule.Counter, year, 1);
        if (rule.Points > 0)
        {
            draft.CreditAdjustment(Points.FromInt64(rule.Points), reason);
        }

        return null;
    }
}
