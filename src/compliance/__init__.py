"""compliance: check a 法治政府建设年度报告 against the structure the regulations require."""
