namespace Loyalty.Sdk;

/// <summary>Options of a <see cref="LoyaltyEngine"/>.</summary>
/// <remarks>This type is not thread-safe; it is read once when the engine is created.</remarks>
public sealed class LoyaltyEngineOptions
{
    /// <summary>Gets or sets how many times a command is tried when concurrent commands change the same account.</summary>
    /// <value>The default is 16.</value>
    public int MaxConcurrencyAttempts { get; set; } = 16;

    /// <summary>Gets or sets the logger for rejections, concurrency retries and job runs.</summary>
    /// <value>The default logs nothing.</value>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; set; }
}
