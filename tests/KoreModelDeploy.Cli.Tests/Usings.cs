global using KoreModelDeploy.Testing;
