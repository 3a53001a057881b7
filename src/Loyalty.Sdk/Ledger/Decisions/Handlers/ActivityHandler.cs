using System.Collections.Generic;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Earns an activity's points (a review, a sign-up) within its per-period limit and the member cap, and counts it toward tasks.</summary>
internal sealed class ActivityHandler : CommandHandler<EarnActivityCommand>
{
    public static readonly ActivityHandler Instance = new();

    public override string Name => "earn-activity";

    protected override Rejection? Decide(EarnActivityCommand command, AccountDraft draft)
    {
        var program = draft.Program;
        var rule = program.Earning.Activities.GetValueOrDefault(command.ActivityType);
        if ((command.Points ?? rule?.Points ?? (TaskCounting.CountsForTask(program, command.ActivityType) ? Points.Zero : null)) is not { } points)
        {
            return Rejections.Reject(RejectionReason.UnknownActivity, $"The program has no rule or task for activity '{command.ActivityType}', and no points were given.");
        }

        var counter = new CounterKey(CounterKind.Activity, command.ActivityType);
        if (rule?.MaxPerPeriod is { } limit)
        {
            var start = CounterSet.Start(rule.Period, draft.Today);
            if (draft.Counters.Value(counter, start) >= limit)
            {
                return Rejections.Reject(RejectionReason.ActivityCapReached, $"Activity '{command.ActivityType}' earns at most {limit} time(s) per {CounterSet.Describe(rule.Period, start)}.");
            }

            draft.Counters.Add(counter, start, 1);
        }

        if (MemberCap.Allowance(draft) is { } allowance)
        {
            if (!allowance.Points.IsPositive)
            {
                return Rejections.Reject(RejectionReason.PeriodCapReached, $"Member '{command.MemberId}' has earned the most points allowed ({allowance.Rule}).");
            }

            points = Points.Min(points, allowance.Points);
        }

        MemberCap.CountEarned(draft, points);
        TaskCounting.CreditActivity(draft, points, command.ActivityType);
        draft.MarkActivity();
        TaskCounting.Count(draft, command.ActivityType);
        return null;
    }
}
