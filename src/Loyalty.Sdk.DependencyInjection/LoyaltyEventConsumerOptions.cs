using System;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>Options of an event consumer added by <see cref="LoyaltyEventDeliveryExtensions.AddEventConsumer"/>.</summary>
/// <remarks>This type is mutable and not thread-safe: it is configuration, read once.</remarks>
public sealed class LoyaltyEventConsumerOptions
{
    /// <summary>Gets or sets how long the consumer waits after catching up before it reads again.</summary>
    /// <value>The default is one second.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the events read and acknowledged per batch.</summary>
    /// <value>The default is 100.</value>
    public int BatchSize { get; set; } = 100;
}
