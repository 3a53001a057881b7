using System.Collections.Generic;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>The engines of every configured program (tenant), side by side over one store.</summary>
public interface ILoyaltyEngines
{
    /// <summary>Gets every engine, in configuration order.</summary>
    IReadOnlyList<LoyaltyEngine> All { get; }

    /// <summary>Gets the engine of a program.</summary>
    /// <param name="programId">The program id.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="KeyNotFoundException">No program has that id.</exception>
    LoyaltyEngine Get(string programId);
}
