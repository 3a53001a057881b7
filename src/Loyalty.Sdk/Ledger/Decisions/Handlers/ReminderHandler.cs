using Loyalty.Sdk.Events;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Publishes an "expiring soon" reminder when the member has points expiring within the window.</summary>
internal sealed class ReminderHandler : CommandHandler<RemindExpiringCommand>
{
    public static readonly ReminderHandler Instance = new();

    public override string Name => "remind-expiring";

    protected override Rejection? Decide(RemindExpiringCommand command, AccountDraft draft)
    {
        if (!draft.Exists)
        {
            return Rejections.UnknownMember(draft);
        }

        var now = draft.Now;
        var end = now + command.Window;
        var total = Points.Zero;
        Instant? first = null;
        var atFirst = Points.Zero;
        foreach (var lot in draft.Lots.Open)
        {
            if (lot.ExpiresAt is not { } expires || expires <= now || expires > end || !lot.Remaining.IsPositive)
            {
                continue;
            }

            total += lot.Remaining;
            if (first is null || expires < first)
            {
                first = expires;
                atFirst = Points.Zero;
            }

            if (expires == first)
            {
                atFirst += lot.Remaining;
            }
        }

        if (first is not { } firstExpiry)
        {
            return Rejections.Reject(RejectionReason.NothingExpiring, $"Member '{command.MemberId}' has no points expiring by {end}.");
        }

        draft.Publish(new PointsExpiringSoon
        {
            Points = total.Value,
            FirstExpiresAt = firstExpiry,
            PointsAtFirstExpiry = atFirst.Value,
        });
        return null;
    }
}
