namespace Loyalty.Sdk.Ledger;

/// <summary>What happened to a command.</summary>
public enum LedgerOutcome
{
    /// <summary>The command was committed now.</summary>
    Committed = 0,

    /// <summary>The key had been committed before with the same payload; the original result is returned and nothing changed.</summary>
    Replayed = 1,

    /// <summary>A dry run: the result the command would have, with nothing committed.</summary>
    Previewed = 2,

    /// <summary>The command was rejected; nothing changed.</summary>
    Rejected = 3,
}
