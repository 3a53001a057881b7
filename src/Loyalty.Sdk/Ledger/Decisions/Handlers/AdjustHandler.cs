namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Corrects a balance: a positive adjustment credits a lot, a negative one takes available points.</summary>
internal sealed class AdjustHandler : CommandHandler<AdjustCommand>
{
    public static readonly AdjustHandler Instance = new();

    public override string Name => "adjust";

    protected override Rejection? Decide(AdjustCommand command, AccountDraft draft)
    {
        if (command.Points.IsPositive)
        {
            draft.CreditAdjustment(command.Points, command.Reason);
            return null;
        }

        if (!draft.Exists)
        {
            return Rejections.UnknownMember(draft);
        }

        var needed = command.Points.Negate();
        var available = draft.AvailableNow;
        if (needed > available)
        {
            return Rejections.Reject(RejectionReason.InsufficientPoints, $"A correction of {command.Points} needs {needed} available points; {available} are available.");
        }

        var sequence = draft.NextSequence();
        var debits = draft.Moves();
        draft.Lots.Take(needed, draft.Lots.Candidates(draft.Now, available: true, except: null), debits, null);
        draft.Add(draft.Entry(sequence, LedgerEntryKind.Adjust, command.Points, debits.ToArray(), reason: command.Reason));
        return null;
    }
}
