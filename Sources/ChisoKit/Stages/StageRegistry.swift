/// Every stage chiso knows. Adding a stage is one file under `Stages/` and one line here.
public enum StageRegistry {
    public static let all: [any Stage.Type] = [
        WhereStage.self,
        DeriveStage.self,
        SelectStage.self,
        SortStage.self,
        TakeStage.self,
        SkipStage.self,
        GroupStage.self,
        JoinStage.self,
        DistinctStage.self,
        RenameStage.self,
        ExportStage.self,
        ProjectStage.self,
        AssessStage.self,
        LineageStage.self,
        EstimateStage.self,
        UnpivotStage.self,
        PivotStage.self,
        WindowStage.self,
        PlotStage.self,
        AppendStage.self,
    ]

    public static let keywords: [String] = all.map { $0.keyword }

    public static func stage(_ keyword: String) -> (any Stage.Type)? {
        all.first { $0.keyword == keyword }
    }
}
