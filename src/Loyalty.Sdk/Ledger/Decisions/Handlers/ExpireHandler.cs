namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>
/// Brings an account up to date: the expiries and tier reviews due by now, which every decision applies first
/// (<see cref="AccountDraft.MaterialiseExpiries"/>, <see cref="AccountDraft.ReviewTiers"/>), and nothing else.
/// </summary>
internal sealed class ExpireHandler : CommandHandler<ExpireCommand>
{
    public static readonly ExpireHandler Instance = new();

    public override string Name => "expire";

    protected override Rejection? Decide(ExpireCommand command, AccountDraft draft) =>
        draft.Exists ? null : Rejections.UnknownMember(draft);
}
