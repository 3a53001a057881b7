namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>What a pass does with one record of its partition.</summary>
internal interface IRecordVisitor
{
    void Visit(int record, int customer, int day);
}
