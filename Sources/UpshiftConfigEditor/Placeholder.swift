// UpshiftConfigEditor
