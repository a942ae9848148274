"""The demo cases as plain data; ../demo.py turns them into rows.

categories.py holds the bureau's report categories with the seed's 2020 counts;
year_2020.py the other items' yearly volumes, the month profile and the business start-up
(企业开办) profile; live.py the handful of cases of today, made through the services.
"""
