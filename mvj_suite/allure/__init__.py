"""The routine's structure in Allure, step parameters, the stand-alone HTML report."""
