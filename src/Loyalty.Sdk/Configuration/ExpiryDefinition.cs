using System;
using Loyalty.Sdk.Expiry;

namespace Loyalty.Sdk.Configuration;

/// <summary>An expiry policy as data.</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class ExpiryDefinition
{
    /// <summary>Gets or sets the kind of policy.</summary>
    public ExpiryPolicyKind Kind { get; set; }

    /// <summary>Gets or sets the number of days or months.</summary>
    public int Length { get; set; }

    /// <summary>Gets or sets the rounding of the due date.</summary>
    public ExpiryRounding Rounding { get; set; }

    /// <summary>Creates the policy.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">The values do not form a policy.</exception>
    public ExpiryPolicy ToPolicy() => Kind switch
    {
        ExpiryPolicyKind.Never => ExpiryPolicy.Never,
        ExpiryPolicyKind.AfterDays => ExpiryPolicy.AfterDays(Length, Rounding),
        ExpiryPolicyKind.AfterMonths => ExpiryPolicy.AfterMonths(Length, Rounding),
        ExpiryPolicyKind.AfterInactivity => ExpiryPolicy.AfterInactivity(Length),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown expiry kind."),
    };
}
