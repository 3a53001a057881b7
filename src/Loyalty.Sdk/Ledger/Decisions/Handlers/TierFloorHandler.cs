namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Sets (or clears) a member's tier floor: the tier a review never drops them below.</summary>
internal sealed class TierFloorHandler : CommandHandler<SetTierFloorCommand>
{
    public static readonly TierFloorHandler Instance = new();

    public override string Name => "tier-floor";

    protected override Rejection? Decide(SetTierFloorCommand command, AccountDraft draft)
    {
        var program = draft.Program;
        if (draft.Tiers is not { } tiers || (command.TierId is { } id && program.Tiers!.IndexOf(id) < 0))
        {
            return Rejections.Reject(RejectionReason.UnknownTier, draft.Tiers is null
                ? $"Program '{program.Id}' has no tier ladder."
                : $"Tier '{command.TierId}' is not in the ladder of program '{program.Id}'.");
        }

        draft.Add(draft.Entry(draft.NextSequence(), LedgerEntryKind.TierFloor, Points.Zero, [], reason: command.Reason, tier: command.TierId));
        tiers.SetFloor(command.TierId, draft.Now, command.Reason);
        return null;
    }
}
