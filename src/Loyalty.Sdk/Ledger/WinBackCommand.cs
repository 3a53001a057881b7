using Loyalty.Sdk.Engagement;

namespace Loyalty.Sdk.Ledger;

/// <summary>Applies a win-back rule's action to one member, once per campaign period (the win-back job's command).</summary>
internal sealed class WinBackCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.WinBackHandler.Instance;

    public WinBackCommand(MemberId memberId, IdempotencyKey key, WinBackRule rule, string[] reasons)
        : base(memberId, key)
    {
        Rule = rule;
        Reasons = reasons;
    }

    public WinBackRule Rule { get; }

    public string[] Reasons { get; }


    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) =>
        fingerprint.Add(Rule.Id).Add((long)Rule.Action).Add(Rule.BonusPoints).Add(Rule.RewardId);
}
